import { createAuthProxy } from '@portcullis/next'
import { clientIpOptions, getAuth } from './lib/auth'

// A gate in front of /dashboard: an access token is checked without storage, a session cookie
// with one lookup; page loads without either go to /login. The page checks again itself (IN-5).
export const proxy = createAuthProxy({
  auth: getAuth,
  paths: ['/dashboard/*'],
  redirectTo: '/login',
  ...clientIpOptions(),
})

// Every path but Next's static files: the proxy normalises the path itself (//Dashboard/ is /dashboard).
export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'] }
