// Pause: the mindful pause at the end of a workday, where its reminder lands. One line — an
// action that moved the person forward — saved to this device at once as a win of kind
// "pause" (so it syncs like any win, offline included, and shows on Today and in History).

import { useEffect, useRef, useState } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { mutate } from '../sync/store'
import { uuid } from '../db/meta'
import { AppHeader } from '../components/AppHeader'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { PAUSE_SAVED } from '../lib/rituals'
import { MAX_TEXT, newWinFields, WINS } from '../collections/wins'

export function Pause({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const [text, setText] = useState('')
  const [saved, setSaved] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const input = useRef<HTMLInputElement>(null)

  // A frame after Page focuses the heading: the box is where this ritual starts.
  useEffect(() => {
    const frame = requestAnimationFrame(() => input.current?.focus())
    return () => cancelAnimationFrame(frame)
  }, [])

  async function save(event: SubmitEvent) {
    event.preventDefault()
    setProblem(null)
    if (text.trim() === '') {
      setProblem('Write a few words first — anything small is fine.')
      return
    }
    try {
      const fields = newWinFields(text, { tags: [], energy: null, note: null }, user, new Date(), { kind: 'pause' })
      await mutate(WINS, uuid(), fields)
      setSaved(fields.text)
      setText('')
    } catch (error) {
      console.error(error)
      setProblem('That didn’t save on this device. Please try again.')
    }
  }

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Pause" heading="A mindful pause">
        <p class="page__subtitle">Take a breath. The day’s work can wait a moment.</p>
        <form class="capture" onSubmit={save} aria-label="A mindful pause">
          <label for="pause-text" class="capture__label">
            Before you finish — one action that moved you forward today
          </label>
          <div class="capture__row">
            <input
              id="pause-text"
              ref={input}
              value={text}
              maxLength={MAX_TEXT}
              autoComplete="off"
              enterKeyHint="done"
              placeholder="e.g. Sent the tricky email"
              aria-invalid={problem !== null ? 'true' : undefined}
              onInput={(event) => setText(event.currentTarget.value)}
            />
            <button type="submit" class="button button--primary">
              Save
            </button>
          </div>
          {problem !== null && (
            <p role="alert" class="field__error">
              {problem}
            </p>
          )}
          <p role="status" class="field__note">
            {saved !== null ? PAUSE_SAVED : ''}
          </p>
        </form>
        {saved !== null && (
          <p>
            <Link href={PATHS.today}>See it on Today</Link>
          </p>
        )}
      </Page>
    </>
  )
}
