import { useState } from 'preact/hooks'
import { PATHS } from '../router'
import { signUp, type User } from '../session'
import { EmailField, FormAlert, PasswordField } from '../components/Field'
import { useAccountForm } from '../lib/accountForm'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { browserTimeZone, TimeZoneField } from '../components/TimeZoneField'

const MIN_PASSWORD = 10

function problems(email: string, password: string): Record<string, string[]> {
  const found: Record<string, string[]> = {}
  if (!email.includes('@')) found['email'] = ['Please enter your email address.']
  if (password.length < MIN_PASSWORD) found['password'] = [`Please use at least ${MIN_PASSWORD} characters.`]
  return found
}

export function SignUp({ onSignedUp }: { onSignedUp: (user: User) => void }) {
  const [timeZone, setTimeZone] = useState(browserTimeZone)
  const { email, setEmail, password, setPassword, busy, failure, emailRef, passwordRef, submit } = useAccountForm({
    check: problems,
    send: (email, password) => signUp({ email, password, time_zone: timeZone }),
    onDone: onSignedUp,
  })

  return (
    <Page title="Create account" heading="Start noticing small wins">
      <p class="page__subtitle">
        Small Wins is a quiet place to jot down what went well each day — and to look back on it.
      </p>
      <form class="form" noValidate onSubmit={submit} aria-busy={busy}>
        <FormAlert message={failure?.message ?? null} />
        <EmailField value={email} onInput={setEmail} errors={failure?.fields['email']} inputRef={emailRef} />
        <PasswordField
          id="password"
          label="Password"
          autoComplete="new-password"
          hint={`At least ${MIN_PASSWORD} characters, not your email. A few words you'll remember work well.`}
          value={password}
          onInput={setPassword}
          errors={failure?.fields['password']}
          inputRef={passwordRef}
        />
        <TimeZoneField value={timeZone} onChange={setTimeZone} errors={failure?.fields['time_zone']} />
        <button type="submit" class="button button--primary">
          Create account
        </button>
      </form>
      <p class="aside-link">
        Already have an account? <Link href={PATHS.signin}>Sign in</Link>
      </p>
    </Page>
  )
}
