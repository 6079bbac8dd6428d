import { requirePrincipal } from '@portcullis/next'
import { clientIpOptions, getAuth } from '../../lib/auth'
import { LogoutButton } from './logout-button'

// The authorization is here, where the data is read, not only in the proxy (SECURITY.md IN-5).
export default async function Dashboard() {
  const { user, method } = await requirePrincipal(getAuth, {
    redirectTo: '/login?next=%2Fdashboard',
    ...clientIpOptions(),
  })
  return (
    <main>
      <h1>Dashboard</h1>
      <p>
        Signed in as <strong data-testid="email">{user.email}</strong>
        {user.displayName ? ` (${user.displayName})` : ''} with {method}.
      </p>
      <LogoutButton />
    </main>
  )
}
