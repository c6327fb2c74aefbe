// The account section of Settings: change password, change email, sign out everywhere, and
// delete the account. Each needs the server, so each says so kindly when offline.

import { useState } from 'preact/hooks'
import { ApiError } from '../api'
import { changeEmail, changePassword, signOutEverywhere } from '../account'
import type { User } from '../session'
import { discardLocalData, syncNow, waitingCount } from '../sync/store'
import { describeFailure, type Failure } from '../lib/failure'
import { useSubmit } from '../lib/useSubmit'
import { DeleteAccount } from './DeleteAccount'
import { FormAlert, PasswordField, TextField } from './Field'

const MIN_PASSWORD = 10

function tooMany(error: unknown): Failure {
  if (error instanceof ApiError && error.status === 429) {
    return { message: 'Too many tries — please wait a few minutes, then try again.', fields: {} }
  }
  return describeFailure(error)
}

function ChangePassword({ onChanged }: { onChanged: (user: User) => void }) {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const { busy, failure, done, submit } = useSubmit({
    check: () => {
      const problems: Record<string, string[]> = {}
      if (current === '') problems['current_password'] = ['Please enter your current password.']
      if (next.length < MIN_PASSWORD) problems['new_password'] = [`Use at least ${MIN_PASSWORD} characters.`]
      return problems
    },
    send: async () => {
      onChanged(await changePassword(current, next))
      setCurrent('')
      setNext('')
      return 'Password changed. You’re still signed in here; your other devices will ask you to sign in again.'
    },
    describe: tooMany,
  })
  return (
    <form class="form account-form" noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <h3>Change password</h3>
      <FormAlert message={failure?.message ?? null} />
      <PasswordField
        id="current_password"
        label="Current password"
        autoComplete="current-password"
        value={current}
        onInput={setCurrent}
        errors={failure?.fields['current_password']}
      />
      <PasswordField
        id="new_password"
        label="New password"
        autoComplete="new-password"
        hint="At least 10 characters. A few words you’ll remember work well."
        value={next}
        onInput={setNext}
        errors={failure?.fields['new_password']}
      />
      <button type="submit" class="button button--primary">
        Change password
      </button>
      <p role="status" class="field__note">
        {done}
      </p>
    </form>
  )
}

function ChangeEmail({ user, onChanged }: { user: User; onChanged: (user: User) => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const { busy, failure, done, submit } = useSubmit({
    check: () => {
      const problems: Record<string, string[]> = {}
      if (!email.includes('@')) problems['email'] = ['Please enter an email address.']
      if (password === '') problems['password'] = ['Please enter your password.']
      return problems
    },
    send: async () => {
      const updated = await changeEmail(email.trim(), password)
      onChanged(updated)
      setEmail('')
      setPassword('')
      return `Done. You’ll sign in with ${updated.email} from now on.`
    },
    describe: tooMany,
  })
  return (
    <form class="form account-form" noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
      <h3>Change email</h3>
      <p class="field__hint">You sign in with {user.email}.</p>
      <FormAlert message={failure?.message ?? null} />
      <TextField
        id="new_email"
        label="New email"
        type="email"
        autoComplete="email"
        value={email}
        onInput={setEmail}
        errors={failure?.fields['email']}
      />
      <PasswordField
        id="email_password"
        label="Your password"
        autoComplete="current-password"
        value={password}
        onInput={setPassword}
        errors={failure?.fields['password']}
      />
      <button type="submit" class="button button--primary">
        Change email
      </button>
      <p role="status" class="field__note">
        {done}
      </p>
    </form>
  )
}

function SignOutEverywhere({ onSignedOut }: { onSignedOut: () => void }) {
  const { busy, failure, submit } = useSubmit({
    send: async () => {
      await syncNow(true) // wins written here reach the server first, when they can
      await signOutEverywhere()
      // Nothing waiting: this device's copy can go, as with signing out. Otherwise it stays,
      // and syncs when the person signs in here again.
      if ((await waitingCount()) === 0) await discardLocalData()
      onSignedOut()
    },
  })
  return (
    <div class="account-form">
      <h3>Sign out everywhere</h3>
      <p class="field__hint">Ends your sessions on every device, this one too. Handy after using a shared computer.</p>
      <FormAlert message={failure?.message ?? null} />
      <button type="button" class="button button--quiet" aria-busy={busy} onClick={() => void submit()}>
        Sign out everywhere
      </button>
    </div>
  )
}

interface Props {
  user: User
  onChanged: (user: User) => void
  onSignedOut: () => void
}

export function AccountSettings({ user, onChanged, onSignedOut }: Props) {
  return (
    <section class="card" aria-labelledby="account-heading">
      <h2 id="account-heading">Account</h2>
      <p class="field__hint">These need a connection.</p>
      <ChangePassword onChanged={onChanged} />
      <ChangeEmail user={user} onChanged={onChanged} />
      <SignOutEverywhere onSignedOut={onSignedOut} />
      <DeleteAccount onDeleted={onSignedOut} />
    </section>
  )
}
