import { ApiError } from '../api'
import { PATHS } from '../router'
import { signIn, type User } from '../session'
import { EmailField, FormAlert, PasswordField } from '../components/Field'
import { useAccountForm } from '../lib/accountForm'
import { describeFailure, type Failure } from '../lib/failure'
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

function missing(email: string, password: string): Record<string, string[]> {
  const problems: Record<string, string[]> = {}
  if (email.trim() === '') problems['email'] = ['Please enter your email.']
  if (password === '') problems['password'] = ['Please enter your password.']
  return problems
}

export function SignIn({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const { email, setEmail, password, setPassword, busy, failure, emailRef, passwordRef, submit } = useAccountForm({
    check: missing,
    send: (email, password) => signIn({ email, password }),
    onDone: onSignedIn,
    describe: describeSignInFailure,
  })

  return (
    <Page title="Sign in" heading="Welcome back">
      <form class="form" noValidate onSubmit={submit} aria-busy={busy}>
        <FormAlert message={failure?.message ?? null} />
        <EmailField value={email} onInput={setEmail} errors={failure?.fields['email']} inputRef={emailRef} />
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
      <p>
        <Link href={PATHS.reset}>Forgot your password?</Link>
      </p>
    </Page>
  )
}
