import { randomUUID } from 'node:crypto'
import { serverUrlFromEnv } from '@portcullis/core/testing'
import type pg from 'pg'
import { afterAll } from 'vitest'
import { type PgliteSchema, pgliteSchema } from './pglite.js'
import { adminPool, type ServerSchema, serverSchema } from './postgres-server.js'

/** A fresh schema with its controls, on whichever PostgreSQL backend. */
export type PostgresFixture = PgliteSchema | ServerSchema

/** A PostgreSQL backend the adapter tests run against. */
export interface PostgresBackend {
  name: string
  /** True when the backend is unavailable here (no `DATABASE_URL`): the tests skip. */
  skip: boolean
  /** Creates a schema (migrated unless `migrate: false`) for one test. */
  open(options?: { migrate?: boolean }): Promise<PostgresFixture>
}

/**
 * A schema name no other test, file or run uses: `[a-z0-9_]`, starting with a letter.
 *
 * @returns a fresh name
 */
export function uniqueSchemaName(): string {
  return `pc_drizzle_${randomUUID().replaceAll('-', '').slice(0, 16)}`
}

/**
 * The backends of a test file: the file's PGlite, and the server at `DATABASE_URL` when set.
 * Registers an `afterAll` that ends the server's administration pool.
 *
 * @returns PGlite and node-postgres
 */
export function postgresBackends(): PostgresBackend[] {
  const url = serverUrlFromEnv('DATABASE_URL')
  let admin: pg.Pool | undefined
  afterAll(async () => {
    await admin?.end()
  })
  return [
    { name: 'pglite', skip: false, open: (options) => pgliteSchema(uniqueSchemaName(), options) },
    {
      name: 'node-postgres',
      skip: url === undefined,
      open(options) {
        admin ??= adminPool(url ?? '')
        return serverSchema(admin, url ?? '', uniqueSchemaName(), options)
      },
    },
  ]
}
