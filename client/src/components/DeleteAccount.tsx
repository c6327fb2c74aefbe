// Leaving: the account and everything in it go from the server, and this device's copy is
// cleared. The password is the confirmation; the disclosure keeps it out of the way.

import { useState } from 'preact/hooks'
import { ApiError } from '../api'
import { deleteAccount } from '../account'
import { currentSubscription } from '../push/subscribe'
import { discardLocalData } from '../sync/store'
import { describeFailure, type Failure } from '../lib/failure'
import { useSubmit } from '../lib/useSubmit'
import { FormAlert, PasswordField } from './Field'

function describeDeleteFailure(error: unknown): Failure {
  if (error instanceof ApiError && error.status === 429) {
    return { message: 'Too many tries — please wait a few minutes, then try again.', fields: {} }
  }
  return describeFailure(error)
}

export function DeleteAccount({ onDeleted }: { onDeleted: () => void }) {
  const [password, setPassword] = useState('')
  const { busy, failure, submit } = useSubmit({
    check: () => (password === '' ? { delete_password: ['Please enter your password to confirm.'] } : {}),
    send: async () => {
      await deleteAccount(password)
      await discardLocalData() // this account's local database, outbox included
      // The server forgot this browser's push subscription; the browser should too.
      await currentSubscription()
        .then((subscription) => subscription?.unsubscribe())
        .catch(() => undefined)
      onDeleted()
    },
    describe: describeDeleteFailure,
  })
  const fields = failure?.fields ?? {}
  return (
    <details class="disclosure account-form">
      <summary>Delete my account</summary>
      <form class="form" noValidate onSubmit={(event) => void submit(event)} aria-busy={busy}>
        <p>
          This removes your account and everything in it — wins, intentions, reminders and settings — from the
          server and from this device. It can’t be undone.
        </p>
        <FormAlert message={failure?.message ?? null} />
        <PasswordField
          id="delete_password"
          label="Your password, to confirm"
          autoComplete="current-password"
          value={password}
          onInput={setPassword}
          errors={fields['delete_password'] ?? fields['password']}
        />
        <button type="submit" class="button button--danger">
          Delete my account
        </button>
      </form>
    </details>
  )
}
