'use client'

import { useRouter } from 'next/navigation'

export function LogoutButton() {
  const router = useRouter()
  const logout = async () => {
    await fetch('/auth/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    })
    router.push('/login')
  }
  return (
    <button type="button" onClick={logout}>
      Log out
    </button>
  )
}
