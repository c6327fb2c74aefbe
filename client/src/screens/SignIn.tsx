import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from '../api'
import { PATHS } from '../router'
import { signIn, type User } from '../session'
import { FormAlert, PasswordField, TextField } from '../components/Field'
import { describeFailure, type Failure, localFailure } from '../lib/failure'
import { Link } from '../components/Link'
import { Page } from '../components/Page'

const MESSAGES = {
  invalid_credentials: "That email and password don't match. Please try again.",
}

/** Sign-in is throttled; say how long to wait in plain words, from Retry-After. */
function tooManyTries(retryAfter: number | null): string {
  const minutes = retryAfter === null ? 1 : Math.ceil(retryAfter / 60)
  const wait = minutes <= 1 ? 'a minute' : `about ${minutes} minutes`
  return `Too many tries — please wait ${wait}, then try again.`
}

function describeSignInFailure(error: unknown): Failure {
  if (error instanceof ApiError && error.status === 429) {
    return { message: tooManyTries(error.retryAfter), fields: {} }
  }
  return describeFailure(error, MESSAGES)
}

export function SignIn({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  const emailRef = useRef<HTMLInputElement>(null)
  const passwordRef = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (failure?.fields['email'] !== undefined) emailRef.current?.focus()
    else if (failure?.fields['password'] !== undefined) passwordRef.current?.focus()
  }, [failure])

  async function submit(event: SubmitEvent) {
    event.preventDefault()
    if (busy) return
    const missing: Record<string, string[]> = {}
    if (email.trim() === '') missing['email'] = ['Please enter your email.']
    if (password === '') missing['password'] = ['Please enter your password.']
    const problem = localFailure(missing)
    setFailure(problem)
    if (problem !== null) return
    setBusy(true)
    try {
      onSignedIn(await signIn({ email: email.trim(), password }))
    } catch (error) {
      setFailure(describeSignInFailure(error))
      setBusy(false)
    }
  }

  return (
    <Page title="Sign in" heading="Welcome back">
      <form class="form" noValidate onSubmit={submit} aria-busy={busy}>
        <FormAlert message={failure?.message ?? null} />
        <TextField
          id="email"
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onInput={setEmail}
          errors={failure?.fields['email']}
          inputRef={emailRef}
        />
        <PasswordField
          id="password"
          label="Password"
          autoComplete="current-password"
          value={password}
          onInput={setPassword}
          errors={failure?.fields['password']}
          inputRef={passwordRef}
        />
        <button type="submit" class="button button--primary">
          Sign in
        </button>
      </form>
      <p class="aside-link">
        New here? <Link href={PATHS.signup}>Create an account</Link>
      </p>
    </Page>
  )
}
