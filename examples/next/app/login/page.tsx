import { LoginForm } from './login-form'

export default function LoginPage() {
  return (
    <main>
      <h1>Log in</h1>
      <LoginForm />
    </main>
  )
}
