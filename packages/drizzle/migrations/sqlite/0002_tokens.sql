-- Portcullis storage for SQLite (libsql), migration 0002_tokens: refresh tokens and API keys.
-- Apply it with applySqliteMigrations(db), or run this file as is (sqlite3 db < file) after
-- 0001_init: it records itself in portcullis_migrations. Both tables keep only SHA-256 hashes of
-- the secrets. Dates are INTEGER milliseconds since the epoch; scopes JSON text. A refresh
-- token's session_id has no foreign key, so that sessions may live in another store.
CREATE TABLE portcullis_refresh_tokens (
  token_hash TEXT NOT NULL,
  family_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  session_id TEXT,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  family_expires_at INTEGER NOT NULL,
  spent_at INTEGER,
  CONSTRAINT portcullis_refresh_tokens_pkey PRIMARY KEY (token_hash),
  CONSTRAINT portcullis_refresh_tokens_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE INDEX portcullis_refresh_tokens_family_id_idx ON portcullis_refresh_tokens (family_id);
--> statement-breakpoint
CREATE INDEX portcullis_refresh_tokens_user_id_idx ON portcullis_refresh_tokens (user_id);
--> statement-breakpoint
CREATE INDEX portcullis_refresh_tokens_expires_at_idx ON portcullis_refresh_tokens (expires_at);
--> statement-breakpoint
CREATE INDEX portcullis_refresh_tokens_family_expires_at_idx ON portcullis_refresh_tokens (family_expires_at);
--> statement-breakpoint
CREATE TABLE portcullis_api_keys (
  id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  name TEXT NOT NULL,
  start TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  scopes TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  last_used_at INTEGER,
  CONSTRAINT portcullis_api_keys_pkey PRIMARY KEY (id),
  CONSTRAINT portcullis_api_keys_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE UNIQUE INDEX portcullis_api_keys_key_hash_unique ON portcullis_api_keys (key_hash);
--> statement-breakpoint
CREATE INDEX portcullis_api_keys_user_id_idx ON portcullis_api_keys (user_id);
--> statement-breakpoint
CREATE INDEX portcullis_api_keys_expires_at_idx ON portcullis_api_keys (expires_at);
--> statement-breakpoint
INSERT INTO portcullis_migrations (version, applied_at)
  VALUES ('0002_tokens', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
