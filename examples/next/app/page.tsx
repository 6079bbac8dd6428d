import Link from 'next/link'

export default function Home() {
  return (
    <main>
      <h1>Portcullis on Next.js</h1>
      <p>
        The auth contract is served under <code>/auth</code> (<code>app/auth/[...path]/route.ts</code>).
      </p>
      <ul>
        <li>
          <Link href="/login">Register or log in</Link>
        </li>
        <li>
          <Link href="/dashboard">Dashboard</Link> (signed in only: the proxy redirects, the page checks
          again)
        </li>
        <li>
          <code>GET /api/private</code>: a route handler reading the principal
        </li>
      </ul>
    </main>
  )
}
