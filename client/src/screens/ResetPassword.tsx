// A forgotten password. Without a token: ask for a link by email (the answer is the same
// whether or not the address has an account), or, where this server sends no email, say who
// can help. With /reset#token=… from the email (or the operator): choose a new password, which
// signs in here and ends every other session.

import { useEffect, useState } from 'preact/hooks'
import { confirmReset, requestReset, resetInfo, type ResetInfo } from '../account'
import { ApiError } from '../api'
import { PATHS } from '../router'
import type { User } from '../session'
import { EmailField, FormAlert, PasswordField } from '../components/Field'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { describeFailure, type Failure } from '../lib/failure'
import { useSubmit } from '../lib/useSubmit'

/**
 * The token from the link, then out of the address bar. Links carry it after `#` so it never
 * reaches a server or proxy log, nor a Referer; `?token=` is read too, for links typed by hand.
 */
function takeTokenFromAddress(): string | null {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token')
  const token = fromHash ?? new URLSearchParams(window.location.search).get('token')
  if (token !== null) history.replaceState(history.state, '', window.location.pathname)
  return token
}

function describeResetFailure(error: unknown): Failure {
  if (error instanceof ApiError && error.status === 429) {
    return { message: 'Lots of links were asked for just now. Please try again a bit later.', fields: {} }
  }
  return describeFailure(error)
}

function AskForLink() {
  const [info, setInfo] = useState<ResetInfo | null>(null)
  const [email, setEmail] = useState('')
  useEffect(() => {
    resetInfo().then(setInfo, () => setInfo(null))
  }, [])
  const { busy, failure, done, submit } = useSubmit({
    check: () => (email.includes('@') ? {} : { email: ['Please enter the email you signed up with.'] }),
    send: async () => (await requestReset(email.trim())).message,
    describe: describeResetFailure,
  })
  if (info !== null && !info.by_email) return <p class="notice">{info.message}</p>
  return (
    <form class="form" noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <p>We’ll email you a link to choose a new one.</p>
      <FormAlert message={failure?.message ?? null} />
      <EmailField value={email} onInput={setEmail} errors={failure?.fields['email']} />
      <button type="submit" class="button button--primary">
        Send me a link
      </button>
      <p role="status" class="field__note">
        {done}
      </p>
    </form>
  )
}

function ChooseNewPassword({ token, onSignedIn }: { token: string; onSignedIn: (user: User) => void }) {
  const [password, setPassword] = useState('')
  const { busy, failure, submit } = useSubmit({
    check: () => (password.length < 10 ? { new_password: ['Use at least 10 characters.'] } : {}),
    send: async () => onSignedIn(await confirmReset(token, password)),
    // A spent or expired link is about the link, not a field: say so in the server's words.
    describe: (error) =>
      error instanceof ApiError && error.code === 'invalid_token'
        ? { message: error.message, fields: error.fields }
        : describeFailure(error),
  })
  return (
    <form class="form" noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <FormAlert message={failure?.message ?? null} />
      <PasswordField
        id="new_password"
        label="New password"
        autoComplete="new-password"
        hint="At least 10 characters. A few words you’ll remember work well."
        value={password}
        onInput={setPassword}
        errors={failure?.fields['new_password']}
      />
      <button type="submit" class="button button--primary">
        Save and sign in
      </button>
      {failure?.fields['token'] !== undefined && (
        <p>
          <Link href={PATHS.reset}>Ask for a new link</Link>
        </p>
      )}
    </form>
  )
}

export function ResetPassword({ onSignedIn }: { onSignedIn: (user: User) => void }) {
  const [token] = useState(takeTokenFromAddress)
  return (
    <Page title="Forgotten password" heading={token === null ? 'Forgot your password?' : 'Choose a new password'}>
      {token === null ? <AskForLink /> : <ChooseNewPassword token={token} onSignedIn={onSignedIn} />}
      <p class="aside-link">
        Remembered it? <Link href={PATHS.signin}>Sign in</Link>
      </p>
    </Page>
  )
}
