import { useEffect, useRef, useState } from 'preact/hooks'
import { PATHS } from '../router'
import { signUp, type User } from '../session'
import { FormAlert, PasswordField, TextField } from './Field'
import { describeFailure, type Failure, localFailure } from './failure'
import { Link } from './Link'
import { Page } from './Page'
import { browserTimeZone, TimeZoneField } from './TimeZoneField'

const MIN_PASSWORD = 10

export function SignUp({ onSignedUp }: { onSignedUp: (user: User) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [timeZone, setTimeZone] = useState(browserTimeZone)
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
    const problems: Record<string, string[]> = {}
    if (!email.includes('@')) problems['email'] = ['Please enter your email address.']
    if (password.length < MIN_PASSWORD) {
      problems['password'] = [`Please use at least ${MIN_PASSWORD} characters.`]
    }
    const problem = localFailure(problems)
    setFailure(problem)
    if (problem !== null) return
    setBusy(true)
    try {
      onSignedUp(await signUp({ email: email.trim(), password, time_zone: timeZone }))
    } catch (error) {
      setFailure(describeFailure(error))
      setBusy(false)
    }
  }

  return (
    <Page title="Create account" heading="Start noticing small wins">
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
