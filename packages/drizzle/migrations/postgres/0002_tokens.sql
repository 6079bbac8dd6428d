-- Portcullis storage for PostgreSQL and PGlite, migration 0002_tokens: refresh tokens and API keys.
-- Apply it with applyPostgresMigrations(db), or run this file as is (psql -f) after 0001_init: it
-- records itself in portcullis_migrations. Both tables keep only SHA-256 hashes of the secrets.
-- A refresh token's session_id has no foreign key, so that sessions may live in another store.
CREATE TABLE portcullis_refresh_tokens (
  token_hash text NOT NULL,
  family_id text NOT NULL,
  user_id text NOT NULL,
  session_id text,
  scopes text[] NOT NULL,
  created_at timestamp with time zone NOT NULL,
  expires_at timestamp with time zone NOT NULL,
  family_expires_at timestamp with time zone NOT NULL,
  spent_at timestamp with time zone,
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
  id text NOT NULL,
  user_id text NOT NULL,
  name text NOT NULL,
  start text NOT NULL,
  key_hash text NOT NULL,
  scopes text[] NOT NULL,
  created_at timestamp with time zone NOT NULL,
  expires_at timestamp with time zone,
  last_used_at timestamp with time zone,
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
INSERT INTO portcullis_migrations (version) VALUES ('0002_tokens');
