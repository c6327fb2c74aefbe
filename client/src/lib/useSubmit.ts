// A small form's request: one at a time, its failure in words, and a note once it worked.

import { useState } from 'preact/hooks'
import { describeFailure, type Failure, localFailure } from './failure'

interface Options {
  /** Problems found on the device, by field; empty when the form may be sent. */
  check?: () => Record<string, string[]>
  send: () => Promise<string | void>
  describe?: (error: unknown) => Failure
}

export function useSubmit({ check, send, describe = describeFailure }: Options) {
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<Failure | null>(null)
  const [done, setDone] = useState<string | null>(null)

  async function submit(event?: Event) {
    event?.preventDefault()
    if (busy) return
    setDone(null)
    const problem = check === undefined ? null : localFailure(check())
    setFailure(problem)
    if (problem !== null) return
    setBusy(true)
    try {
      setDone((await send()) ?? null)
    } catch (error) {
      setFailure(describe(error))
    } finally {
      setBusy(false)
    }
  }

  return { busy, failure, done, submit }
}
