-- Portcullis storage for PostgreSQL and PGlite, migration 0001_init.
-- Apply it with applyPostgresMigrations(db), or run this file as is (psql -f): it records itself
-- in portcullis_migrations. Statements are separated by drizzle-kit's breakpoint comment.
-- Dates are timestamptz; the unique keys are the lower-cased email and username core computes.
CREATE TABLE IF NOT EXISTS portcullis_migrations (
  version text NOT NULL,
  applied_at timestamp with time zone NOT NULL DEFAULT now(),
  CONSTRAINT portcullis_migrations_pkey PRIMARY KEY (version)
);
--> statement-breakpoint
CREATE TABLE portcullis_users (
  id text NOT NULL,
  email text NOT NULL,
  email_key text NOT NULL,
  email_verified boolean NOT NULL,
  username text,
  username_key text,
  password_hash text,
  is_active boolean NOT NULL,
  roles text[] NOT NULL,
  fields jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  updated_at timestamp with time zone NOT NULL,
  last_login_at timestamp with time zone,
  CONSTRAINT portcullis_users_pkey PRIMARY KEY (id)
);
--> statement-breakpoint
CREATE UNIQUE INDEX portcullis_users_email_key_unique ON portcullis_users (email_key);
--> statement-breakpoint
CREATE UNIQUE INDEX portcullis_users_username_key_unique ON portcullis_users (username_key);
--> statement-breakpoint
CREATE TABLE portcullis_sessions (
  id text NOT NULL,
  user_id text NOT NULL,
  secret_hash text NOT NULL,
  created_at timestamp with time zone NOT NULL,
  last_seen_at timestamp with time zone NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  idle_expires_at timestamp with time zone NOT NULL,
  ip text,
  user_agent text,
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
  purpose text NOT NULL,
  token_hash text NOT NULL,
  user_id text NOT NULL,
  data jsonb NOT NULL,
  created_at timestamp with time zone NOT NULL,
  expires_at timestamp with time zone NOT NULL,
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
  key text NOT NULL,
  count integer NOT NULL,
  reset_at timestamp with time zone NOT NULL,
  CONSTRAINT portcullis_rate_limits_pkey PRIMARY KEY (key)
);
--> statement-breakpoint
CREATE INDEX portcullis_rate_limits_reset_at_idx ON portcullis_rate_limits (reset_at);
--> statement-breakpoint
INSERT INTO portcullis_migrations (version) VALUES ('0001_init');
