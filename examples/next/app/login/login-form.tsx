'use client'

import { useRouter, useSearchParams } from 'next/navigation'
import { type FormEvent, Suspense, useState } from 'react'

/** Only a local path is a way back: `//evil.example` or `https://…` in `?next=` is ignored. */
function localPath(value: string | null): string {
  return value?.startsWith('/') && !value.startsWith('//') && !value.includes('\\') ? value : '/dashboard'
}

function Form() {
  const router = useRouter()
  const next = localPath(useSearchParams().get('next'))
  const [message, setMessage] = useState('')

  const submit = async (event: FormEvent<HTMLFormElement>, path: '/auth/login' | '/auth/register') => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const email = String(data.get('email'))
    const password = String(data.get('password'))
    const body = path === '/auth/login' ? { identifier: email, password } : { email, password }
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    })
    if (response.ok) router.push(next)
    else {
      const error = (await response.json().catch(() => null)) as { error?: { code?: string } } | null
      setMessage(error?.error?.code ?? `HTTP ${response.status}`)
    }
  }

  return (
    <form onSubmit={(event) => submit(event, '/auth/login')}>
      <p>
        <label>
          Email <input name="email" type="email" autoComplete="username" required />
        </label>
      </p>
      <p>
        <label>
          Password (15+ characters){' '}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
      </p>
      <button type="submit">Log in</button>{' '}
      <button
        type="button"
        onClick={(event) => {
          const form = event.currentTarget.form
          if (form)
            void submit(
              { preventDefault() {}, currentTarget: form } as FormEvent<HTMLFormElement>,
              '/auth/register',
            )
        }}
      >
        Register
      </button>
      <p role="status">{message}</p>
    </form>
  )
}

export function LoginForm() {
  return (
    <Suspense>
      <Form />
    </Suspense>
  )
}
