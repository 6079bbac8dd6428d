-- Portcullis storage for SQLite (libsql), migration 0001_init.
-- Apply it with applySqliteMigrations(db), or run this file as is (sqlite3 db < file): it records
-- itself in portcullis_migrations. Statements are separated by drizzle-kit's breakpoint comment.
-- Dates are INTEGER milliseconds since the epoch; booleans 0/1; roles and fields JSON text.
CREATE TABLE IF NOT EXISTS portcullis_migrations (
  version TEXT NOT NULL,
  applied_at INTEGER NOT NULL,
  CONSTRAINT portcullis_migrations_pkey PRIMARY KEY (version)
);
--> statement-breakpoint
CREATE TABLE portcullis_users (
  id TEXT NOT NULL,
  email TEXT NOT NULL,
  email_key TEXT NOT NULL,
  email_verified INTEGER NOT NULL,
  username TEXT,
  username_key TEXT,
  password_hash TEXT,
  is_active INTEGER NOT NULL,
  roles TEXT NOT NULL,
  fields TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_login_at INTEGER,
  CONSTRAINT portcullis_users_pkey PRIMARY KEY (id)
);
--> statement-breakpoint
CREATE UNIQUE INDEX portcullis_users_email_key_unique ON portcullis_users (email_key);
--> statement-breakpoint
CREATE UNIQUE INDEX portcullis_users_username_key_unique ON portcullis_users (username_key);
--> statement-breakpoint
CREATE TABLE portcullis_sessions (
  id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  idle_expires_at INTEGER NOT NULL,
  ip TEXT,
  user_agent TEXT,
  CONSTRAINT portcullis_sessions_pkey PRIMARY KEY (id),
  CONSTRAINT portcullis_sessions_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE INDEX portcullis_sessions_user_id_idx ON portcullis_sessions (user_id);
--> statement-breakpoint
CREATE INDEX portcullis_sessions_expires_at_idx ON portcullis_sessions (expires_at);
--> statement-breakpoint
CREATE INDEX portcullis_sessions_idle_expires_at_idx ON portcullis_sessions (idle_expires_at);
--> statement-breakpoint
CREATE TABLE portcullis_tokens (
  purpose TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  user_id TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  CONSTRAINT portcullis_tokens_pkey PRIMARY KEY (purpose, token_hash),
  CONSTRAINT portcullis_tokens_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE INDEX portcullis_tokens_user_id_idx ON portcullis_tokens (user_id);
--> statement-breakpoint
CREATE INDEX portcullis_tokens_expires_at_idx ON portcullis_tokens (expires_at);
--> statement-breakpoint
CREATE TABLE portcullis_rate_limits (
  key TEXT NOT NULL,
  count INTEGER NOT NULL,
  reset_at INTEGER NOT NULL,
  CONSTRAINT portcullis_rate_limits_pkey PRIMARY KEY (key)
);
--> statement-breakpoint
CREATE INDEX portcullis_rate_limits_reset_at_idx ON portcullis_rate_limits (reset_at);
--> statement-breakpoint
INSERT INTO portcullis_migrations (version, applied_at)
  VALUES ('0001_init', CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
