// The state and submit logic SignIn and SignUp share: email and password, a local check before
// anything is sent, one request at a time, and focus moved to the first field with a problem.

import { useEffect, useRef, useState } from 'preact/hooks'
import type { User } from '../session'
import { describeFailure, type Failure, localFailure } from './failure'

interface AccountFormOptions {
  /** Problems found on the device, by field; empty when the form may be sent. */
  check: (email: string, password: string) => Record<string, string[]>
  /** Sends the form (the email already trimmed). */
  send: (email: string, password: string) => Promise<User>
  onDone: (user: User) => void
  /** Words for a failed request; the shared wording by default. */
  describe?: (error: unknown) => Failure
}

export function useAccountForm({ check, send, onDone, describe = describeFailure }: AccountFormOptions) {
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
    const problem = localFailure(check(email, password))
    setFailure(problem)
    if (problem !== null) return
    setBusy(true)
    try {
      onDone(await send(email.trim(), password))
    } catch (error) {
      setFailure(describe(error))
      setBusy(false)
    }
  }

  return { email, setEmail, password, setPassword, busy, failure, emailRef, passwordRef, submit }
}
