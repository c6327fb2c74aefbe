// Which past wins may come back to the person. A synced preference: saved on this device at
// once (offline too) and carried to their other devices by sync.

import { useEffect, useState } from 'preact/hooks'
import { PREFERENCES, preferencesId, preferencesOf, resurfacingFields, RESURFACING, type Resurfacing } from '../collections/preferences'
import { mutate, useRecords } from '../sync/store'

const CHOICES: Readonly<Record<Resurfacing, { label: string; hint: string }>> = {
  all: { label: 'Any of my wins', hint: 'Now and then, a win from the past says hello.' },
  starred: { label: 'Only starred wins', hint: 'Just the ones you marked as special.' },
  off: { label: 'None, thanks', hint: 'Past wins stay in your history until you go looking.' },
}

function usePreferencesId(userId: string): string | null {
  const [id, setId] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    void preferencesId(userId).then((value) => live && setId(value))
    return () => {
      live = false
    }
  }, [userId])
  return id
}

export function ResurfacingChoice({ userId }: { userId: string }) {
  const id = usePreferencesId(userId)
  const prefs = useRecords(async (db) => (id === null ? null : preferencesOf(id)(db)), [id], null)
  const [problem, setProblem] = useState<string | null>(null)

  async function choose(value: Resurfacing) {
    if (id === null) return
    setProblem(null)
    try {
      await mutate(PREFERENCES, id, resurfacingFields(value))
    } catch {
      setProblem('That didn’t save on this device. Please try again.')
    }
  }

  return (
    <section class="card" aria-labelledby="resurfacing-heading">
      <h2 id="resurfacing-heading">Looking back</h2>
      <fieldset class="choices">
        <legend>Which past wins may come back to you?</legend>
        {RESURFACING.map((value) => (
          <div class="choice" key={value}>
            <input
              type="radio"
              id={`resurfacing-${value}`}
              name="resurfacing"
              value={value}
              checked={prefs?.resurfacing === value}
              disabled={prefs === null}
              aria-describedby={`resurfacing-${value}-hint`}
              onChange={() => void choose(value)}
            />
            <label for={`resurfacing-${value}`}>{CHOICES[value].label}</label>
            <p id={`resurfacing-${value}-hint`} class="field__hint">
              {CHOICES[value].hint}
            </p>
          </div>
        ))}
      </fieldset>
      <p class="field__note" role="status">
        {prefs?.pending === true ? 'Saved on this device; it syncs when it can.' : ''}
      </p>
      {problem !== null && <p class="field__error">{problem}</p>}
    </section>
  )
}
