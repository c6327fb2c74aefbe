// Share one thing with one person: a modal <dialog> (focus stays inside, Escape closes) that
// asks who it is for and for how long, then shows the link once. Only a hash of the link is
// kept on the server, so it cannot be shown again later; it can always be closed on /shares.

import { useEffect, useRef, useState } from 'preact/hooks'
import { api } from '../api'
import { describeFailure } from '../lib/failure'
import { EXPIRY_CHOICES, shareRequest, type CreatedShare, type ShareTarget } from '../lib/shares'
import { PATHS } from '../router'
import { useOnline } from '../sync/live'
import { syncNow } from '../sync/store'
import { Link } from './Link'

interface ShareDialogProps {
  target: ShareTarget
  /** What is being shared, in words: "this win", "Monday's wins". */
  what: string
  onClose: () => void
}

export function ShareDialog({ target, what, onClose }: ShareDialogProps) {
  const dialog = useRef<HTMLDialogElement>(null)
  const online = useOnline()
  const [recipient, setRecipient] = useState('')
  const [expiry, setExpiry] = useState(0)
  const [withReflection, setWithReflection] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [created, setCreated] = useState<CreatedShare | null>(null)
  const [copied, setCopied] = useState(false)

  useEffect(() => {
    const element = dialog.current
    if (element !== null && !element.open) element.showModal()
    return () => element?.close()
  }, [])

  async function submit(event: Event) {
    event.preventDefault()
    if (busy) return
    if (recipient.trim() === '') {
      setProblem('Say who this is for, e.g. “my coach”.')
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      await syncNow(true) // a win made a moment ago must reach the server before it is shared
      const days = EXPIRY_CHOICES[expiry]?.days ?? null
      setCreated(await api.post<CreatedShare>('/api/v1/shares', shareRequest(target, recipient, days, withReflection)))
    } catch (error) {
      setProblem(describeFailure(error).message)
    } finally {
      setBusy(false)
    }
  }

  async function copy() {
    if (created === null) return
    try {
      await navigator.clipboard.writeText(created.url)
      setCopied(true)
    } catch {
      setCopied(false) // no clipboard access: the link is selectable in the field
    }
  }

  return (
    <dialog ref={dialog} class="dialog share-dialog" aria-labelledby="share-title" onClose={onClose}>
      <h2 id="share-title">Share {what}</h2>
      {created === null ? (
        <form onSubmit={(event) => void submit(event)}>
          <p class="field__hint">
            They’ll see only {what}, on a page that needs no account. You can close the link any time.
          </p>
          <div class="field">
            <label for="share-recipient">Who is it for?</label>
            <input
              id="share-recipient"
              value={recipient}
              maxLength={80}
              placeholder="my coach"
              onInput={(event) => setRecipient(event.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="share-expiry">How long may it stay open?</label>
            <select id="share-expiry" value={expiry} onChange={(event) => setExpiry(Number(event.currentTarget.value))}>
              {EXPIRY_CHOICES.map((choice, index) => (
                <option key={choice.label} value={index}>
                  {choice.label}
                </option>
              ))}
            </select>
          </div>
          {target.kind === 'week' && (
            <div class="field field--check">
              <input
                id="share-reflection"
                type="checkbox"
                checked={withReflection}
                onChange={(event) => setWithReflection(event.currentTarget.checked)}
              />
              <label for="share-reflection">Include my reflection answers</label>
            </div>
          )}
          {!online && <p class="notice">Making a link needs a connection. Try again once you’re back online.</p>}
          {problem !== null && (
            <p class="form-alert" role="alert">
              {problem}
            </p>
          )}
          <div class="dialog__actions">
            <button type="submit" class="button button--primary" disabled={busy || !online}>
              {busy ? 'Making the link…' : 'Make a link'}
            </button>
            <button type="button" class="button button--quiet" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div>
          <p role="status">Here’s the link for {created.recipient}. Copy it now: for their privacy we can’t show it again.</p>
          <div class="field">
            <label for="share-url">Link</label>
            <input id="share-url" readOnly value={created.url} onFocus={(event) => event.currentTarget.select()} />
          </div>
          <div class="dialog__actions">
            <button type="button" class="button button--primary" onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy link'}
            </button>
            <button type="button" class="button button--quiet" onClick={() => dialog.current?.close()}>
              Done
            </button>
          </div>
          <p class="field__hint">
            See and close your links in <Link href={PATHS.shares}>Shared links</Link>.
          </p>
        </div>
      )}
    </dialog>
  )
}
