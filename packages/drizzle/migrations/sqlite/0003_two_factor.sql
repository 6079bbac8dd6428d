-- Portcullis storage for SQLite (libsql), migration 0003_two_factor: TOTP factors, backup codes
-- and passkeys, and one-time tokens bound to no user yet (a passkey-login challenge).
-- Apply it with applySqliteMigrations(db), or run this file as is (sqlite3 db < file) after
-- 0002_tokens: it records itself in portcullis_migrations. A TOTP secret arrives sealed by core
-- and backup codes as SHA-256 hashes. Dates are INTEGER milliseconds, booleans 0/1, transports
-- JSON text. SQLite cannot drop a NOT NULL constraint, so portcullis_tokens is rebuilt: a new
-- table, its rows copied, the old one dropped, the new one renamed and its indexes recreated.
-- No table references portcullis_tokens, so this needs no PRAGMA foreign_keys = OFF.
CREATE TABLE portcullis_tokens_0003 (
  purpose TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  user_id TEXT,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  CONSTRAINT portcullis_tokens_pkey PRIMARY KEY (purpose, token_hash),
  CONSTRAINT portcullis_tokens_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
INSERT INTO portcullis_tokens_0003 (purpose, token_hash, user_id, data, created_at, expires_at)
  SELECT purpose, token_hash, user_id, data, created_at, expires_at FROM portcullis_tokens;
--> statement-breakpoint
DROP TABLE portcullis_tokens;
--> statement-breakpoint
ALTER TABLE portcullis_tokens_0003 RENAME TO portcullis_tokens;
--> statement-breakpoint
CREATE INDEX portcullis_tokens_user_id_idx ON portcullis_tokens (user_id);
--> statement-breakpoint
CREATE INDEX portcullis_tokens_expires_at_idx ON portcullis_tokens (expires_at);
--> statement-breakpoint
CREATE TABLE portcullis_totp_factors (
  user_id TEXT NOT NULL,
  sealed_secret TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  last_used_step INTEGER,
  created_at INTEGER NOT NULL,
  enabled_at INTEGER,
  CONSTRAINT portcullis_totp_factors_pkey PRIMARY KEY (user_id),
  CONSTRAINT portcullis_totp_factors_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE portcullis_backup_codes (
  user_id TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  CONSTRAINT portcullis_backup_codes_pkey PRIMARY KEY (user_id, code_hash),
  CONSTRAINT portcullis_backup_codes_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE portcullis_passkeys (
  id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  credential_id TEXT NOT NULL,
  public_key TEXT NOT NULL,
  algorithm INTEGER NOT NULL,
  sign_count INTEGER NOT NULL,
  transports TEXT NOT NULL,
  name TEXT NOT NULL,
  backed_up INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  CONSTRAINT portcullis_passkeys_pkey PRIMARY KEY (id),
  CONSTRAINT portcullis_passkeys_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE UNIQUE INDEX portcullis_passkeys_credential_id_unique ON portcullis_passkeys (credential_id);
--> statement-breakpoint
CREATE INDEX portcullis_passkeys_user_id_idx ON portcullis_passkeys (user_id);
--> statement-breakpoint
INSERT INTO portcullis_migrations (version, applied_at)
  VALUES ('0003_two_factor', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
