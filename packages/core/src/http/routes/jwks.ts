import { NotFoundError } from '../../errors/errors.js'
import { jsonResponse } from '../responses.js'
import type { Route } from '../route.js'

/** GET /.well-known/jwks.json: the public keys that verify access tokens; cacheable for 5 minutes. */
export const jwksRoute: Route = {
  method: 'GET',
  path: '/.well-known/jwks.json',
  async run(context) {
    const service = context.deps.accessTokens
    if (!service) throw new NotFoundError('not found')
    const response = jsonResponse(200, await service.jwks())
    response.headers.set('cache-control', 'public, max-age=300')
    return response
  },
}
