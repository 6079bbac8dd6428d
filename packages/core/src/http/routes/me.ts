import { updateUser } from '../../flows/update-user.js'
import { toUser } from '../../users/to-user.js'
import { readJsonObject } from '../read-json.js'
import { jsonResponse } from '../responses.js'
import { type Route, requirePrincipal } from '../route.js'

/** GET /me: the authenticated user. */
export const getMeRoute: Route = {
  method: 'GET',
  path: '/me',
  async run(context) {
    const principal = await requirePrincipal(context)
    return jsonResponse(200, { user: principal.user })
  },
}

/**
 * PATCH /me: updates the caller's custom fields only. Base fields in the body (`email`,
 * `roles`, `isActive`, …) are ignored: they are never the caller's to set here.
 */
export const patchMeRoute: Route = {
  method: 'PATCH',
  path: '/me',
  async run(context) {
    const principal = await requirePrincipal(context)
    const body = await readJsonObject(context.request, context.deps.config.http.maxBodyBytes)
    const schema = context.deps.config.user.fields
    const known = schema ? Object.keys(schema.shape) : []
    const fields: Record<string, unknown> = {}
    for (const key of known) if (Object.hasOwn(body, key)) fields[key] = body[key]
    const updated = await updateUser(context.deps, principal.user.id, { fields })
    return jsonResponse(200, { user: toUser(updated) })
  },
}
