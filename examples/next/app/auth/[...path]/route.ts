import { toNextHandlers } from '@portcullis/next'
import { clientIpOptions, getAuth } from '../../../lib/auth'

// The whole Portcullis contract under /auth: every method goes to core.
export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = toNextHandlers(getAuth, clientIpOptions())
