import * as z from 'zod/mini'
import { createApiKey, toApiKeyInfo } from '../../api-keys/manage-api-keys.js'
import { NotFoundError } from '../../errors/errors.js'
import { emptyResponse, jsonResponse } from '../responses.js'
import { type Route, readBody, requirePrincipal, requireSignedIn } from '../route.js'

const createBody = z.object({
  name: z.string().check(z.maxLength(200)),
  scopes: z.optional(z.array(z.string().check(z.maxLength(64))).check(z.maxLength(50))),
  expiresIn: z.optional(z.nullable(z.int())),
})

/**
 * POST /api-keys: creates a key for the caller (never anyone else: there is no owner field),
 * with scopes no wider than the caller's. 201 `{id, key, apiKey}`: the key is shown this once.
 */
export const createApiKeyRoute: Route = {
  method: 'POST',
  path: '/api-keys',
  async run(context) {
    const principal = await requireSignedIn(context)
    const body = await readBody(context, createBody)
    const { key, apiKey } = await createApiKey(
      context.deps,
      principal.user.id,
      { name: body.name, scopes: body.scopes ?? [], expiresInSeconds: body.expiresIn ?? null },
      principal.scopes,
    )
    return jsonResponse(201, { id: apiKey.id, key, apiKey })
  },
}

/** GET /api-keys: the caller's keys, newest first, never the key or its hash. */
export const listApiKeysRoute: Route = {
  method: 'GET',
  path: '/api-keys',
  async run(context) {
    const principal = await requirePrincipal(context)
    const { deps } = context
    const records = await deps.storage.listUserApiKeys(principal.user.id, deps.clock.now())
    return jsonResponse(200, { apiKeys: records.map(toApiKeyInfo) })
  },
}

/** DELETE /api-keys/:id: revokes one of the caller's keys; 404 for anyone else's. */
export const deleteApiKeyRoute: Route = {
  method: 'DELETE',
  path: '/api-keys/:id',
  async run(context) {
    const principal = await requireSignedIn(context)
    const deleted = await context.deps.storage.deleteUserApiKey(principal.user.id, context.params.id ?? '')
    if (!deleted) throw new NotFoundError('API key not found')
    return emptyResponse(204)
  },
}
