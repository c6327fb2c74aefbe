// Intention: the morning reminder's screen. One line — the win a person hopes to look back on
// tonight — saved to this device at once and synced as an "intentions" record.

import { useEffect, useState } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { mutate, useRecords } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { intentionFields, intentionId, intentionOfDay, INTENTIONS, MAX_INTENTION } from '../collections/intentions'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { useToday } from '../lib/today'

export function Intention({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const day = useToday(user)
  const current = useRecords(intentionOfDay(day), [day], undefined)
  const [text, setText] = useState('')
  const [touched, setTouched] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  // Fill the box with the saved intention once it has loaded, unless the person already typed.
  useEffect(() => {
    if (!touched && current) setText(current.text)
  }, [current, touched])

  async function save(event: SubmitEvent) {
    event.preventDefault()
    setMessage(null)
    setProblem(null)
    if (text.trim() === '') {
      setProblem('Write a few words first — anything small is fine.')
      return
    }
    try {
      await mutate(INTENTIONS, await intentionId(user.id, day), intentionFields(text, day))
      setTouched(false)
      setMessage('Saved. We’ll look back on it this evening.')
    } catch (error) {
      console.error(error)
      setProblem('That didn’t save on this device. Please try again.')
    }
  }

  async function clear() {
    if (!current) return
    await mutate(INTENTIONS, current.id, { deleted: true })
    setText('')
    setTouched(false)
    setMessage('Cleared. A day without a plan is fine too.')
  }

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Intention" heading="Today’s intention">
        <p class="page__subtitle">
          <Link href={PATHS.today}>Back to Today</Link>
        </p>
        <form class="capture" onSubmit={save} aria-label="Today’s intention">
          <label for="intention-text" class="capture__label">
            What’s one win you want to look back on today?
          </label>
          <div class="capture__row">
            <input
              id="intention-text"
              value={text}
              maxLength={MAX_INTENTION}
              autoComplete="off"
              enterKeyHint="done"
              placeholder="e.g. A walk at lunch"
              aria-describedby="intention-hint"
              aria-invalid={problem !== null ? 'true' : undefined}
              onInput={(event) => {
                setTouched(true)
                setText(event.currentTarget.value)
              }}
            />
            <button type="submit" class="button button--primary">
              Save
            </button>
          </div>
          <p id="intention-hint" class="field__hint">
            Small is perfect. You can change it any time today.
          </p>
          {problem !== null && (
            <p role="alert" class="field__error">
              {problem}
            </p>
          )}
          <p role="status" class="field__note">
            {message}
          </p>
        </form>
        {current && (
          <button type="button" class="link-button" onClick={() => void clear()}>
            Clear today’s intention
          </button>
        )}
      </Page>
    </>
  )
}
