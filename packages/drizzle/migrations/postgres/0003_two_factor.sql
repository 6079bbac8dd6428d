-- Portcullis storage for PostgreSQL and PGlite, migration 0003_two_factor: TOTP factors, backup
-- codes and passkeys, and one-time tokens bound to no user yet (a passkey-login challenge).
-- Apply it with applyPostgresMigrations(db), or run this file as is (psql -f) after 0002_tokens:
-- it records itself in portcullis_migrations. A TOTP secret arrives sealed by core (AES-GCM) and
-- backup codes as SHA-256 hashes; a passkey's public key is public. Rows go with their user.
ALTER TABLE portcullis_tokens ALTER COLUMN user_id DROP NOT NULL;
--> statement-breakpoint
CREATE TABLE portcullis_totp_factors (
  user_id text NOT NULL,
  sealed_secret text NOT NULL,
  enabled boolean NOT NULL,
  last_used_step bigint,
  created_at timestamp with time zone NOT NULL,
  enabled_at timestamp with time zone,
  CONSTRAINT portcullis_totp_factors_pkey PRIMARY KEY (user_id),
  CONSTRAINT portcullis_totp_factors_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE portcullis_backup_codes (
  user_id text NOT NULL,
  code_hash text NOT NULL,
  CONSTRAINT portcullis_backup_codes_pkey PRIMARY KEY (user_id, code_hash),
  CONSTRAINT portcullis_backup_codes_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE TABLE portcullis_passkeys (
  id text NOT NULL,
  user_id text NOT NULL,
  credential_id text NOT NULL,
  public_key text NOT NULL,
  algorithm integer NOT NULL,
  sign_count bigint NOT NULL,
  transports text[] NOT NULL,
  name text NOT NULL,
  backed_up boolean NOT NULL,
  created_at timestamp with time zone NOT NULL,
  last_used_at timestamp with time zone,
  CONSTRAINT portcullis_passkeys_pkey PRIMARY KEY (id),
  CONSTRAINT portcullis_passkeys_user_id_fkey FOREIGN KEY (user_id)
    REFERENCES portcullis_users (id) ON DELETE CASCADE
);
--> statement-breakpoint
CREATE UNIQUE INDEX portcullis_passkeys_credential_id_unique ON portcullis_passkeys (credential_id);
--> statement-breakpoint
CREATE INDEX portcullis_passkeys_user_id_idx ON portcullis_passkeys (user_id);
--> statement-breakpoint
INSERT INTO portcullis_migrations (version) VALUES ('0003_two_factor');
