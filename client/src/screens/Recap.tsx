// Recap: the evening ritual, where the evening reminder lands. Today's wins, then "three things
// that went well today" (each line saved as a win; fewer is fine and the day's wins count),
// an optional "what helped?", this morning's intention with "did it happen?", and a warm close.
// Everything is written to this device first (works offline); the day's recap record syncs, so
// the evening reminder on every device knows the day was looked back on.

import { useState } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { mutate, useRecords } from '../sync/store'
import { uuid } from '../db/meta'
import { AppHeader } from '../components/AppHeader'
import { clockTime } from '../lib/days'
import { intentionOfDay } from '../collections/intentions'
import {
  intentionWinId,
  MAX_HELPED,
  RECAPS,
  recapFields,
  recapId,
  recapOfDay,
  type IntentionAnswer,
} from '../collections/recaps'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { recapLine } from '../lib/reminderText'
import { goodThingLines, NOT_TODAY_ANSWER, RECAP_CLOSE } from '../lib/rituals'
import { useToday } from '../lib/today'
import { MAX_TEXT, newWinFields, WINS, winsOfDay } from '../collections/wins'

const NO_DETAILS = { tags: [], energy: null, note: null }

export function Recap({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const day = useToday(user)
  const intention = useRecords(intentionOfDay(day), [day], undefined)
  const recap = useRecords(recapOfDay(day), [day], undefined)
  // The day in the order it happened.
  const wins = useRecords(winsOfDay(day, 'oldest'), [day], null)?.wins ?? null
  const [again, setAgain] = useState(false)

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Recap" heading="Look back on today">
        {wins !== null && (
          <section aria-labelledby="recap-wins">
            <h2 id="recap-wins" class="recap__heading">
              Today’s wins
            </h2>
            <p class="recap__line">{recapLine(wins.length)}</p>
            {wins.length > 0 && (
              <ul class="recap" aria-labelledby="recap-wins">
                {wins.map((win) => (
                  <li key={win.id} class="recap__item">
                    <span class="recap__time">{clockTime(win.happenedAt, user.time_zone)}</span> {win.text}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
        {recap && !again ? (
          <RecapDone
            helped={recap.helped}
            intention={intention?.text ?? null}
            answer={recap.intention}
            onAgain={() => setAgain(true)}
          />
        ) : (
          wins !== null &&
          recap !== undefined &&
          intention !== undefined && (
            <RecapForm
              user={user}
              day={day}
              winsToday={wins.length}
              intention={intention}
              previous={recap}
              onDone={() => setAgain(false)}
            />
          )
        )}
      </Page>
    </>
  )
}

interface DoneProps {
  helped: string | null
  intention: string | null
  answer: IntentionAnswer | null
  onAgain: () => void
}

function RecapDone({ helped, intention, answer, onAgain }: DoneProps) {
  return (
    <section class="card recap__close" aria-labelledby="recap-close">
      <h2 id="recap-close" tabIndex={-1}>
        Day closed
      </h2>
      <p role="status">{RECAP_CLOSE}</p>
      {intention !== null && answer !== null && (
        <p>
          This morning you hoped for: <span class="intention__text">{intention}</span>.{' '}
          {answer === 'happened' ? 'It happened.' : 'Not today — and that’s okay.'}
        </p>
      )}
      {helped !== null && (
        <p>
          What helped: <span class="intention__text">{helped}</span>
        </p>
      )}
      <p class="card__actions">
        <button type="button" class="button button--quiet" onClick={onAgain}>
          Add something more
        </button>
        <Link href={PATHS.today}>Back to Today</Link>
      </p>
    </section>
  )
}

interface FormProps {
  user: User
  day: string
  winsToday: number
  intention: { id: string; text: string } | null
  previous: { helped: string | null; intention: IntentionAnswer | null } | null
  onDone: () => void
}

function RecapForm({ user, day, winsToday, intention, previous, onDone }: FormProps) {
  // Fixed when the form opens, so saving a line doesn't make the next one vanish mid-typing.
  const [count] = useState(() => goodThingLines(winsToday))
  const [lines, setLines] = useState<string[]>(() => Array.from({ length: count }, () => ''))
  const [helped, setHelped] = useState(previous?.helped ?? '')
  const [answer, setAnswer] = useState<IntentionAnswer | null>(previous?.intention ?? null)
  const [problem, setProblem] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function save(event: SubmitEvent) {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    setProblem(null)
    try {
      const now = new Date()
      for (const line of lines) {
        if (line.trim() !== '') await mutate(WINS, uuid(), newWinFields(line, NO_DETAILS, user, now))
      }
      if (intention !== null && answer !== null) {
        const winId = await intentionWinId(user.id, day)
        if (answer === 'happened') {
          const extra = { intention_id: intention.id }
          await mutate(WINS, winId, newWinFields(intention.text, NO_DETAILS, user, now, extra))
        } else if (previous?.intention === 'happened') {
          await mutate(WINS, winId, { deleted: true }) // changed their mind: no win claimed
        }
      }
      await mutate(RECAPS, await recapId(user.id, day), recapFields(day, helped, intention === null ? null : answer, now))
      onDone()
    } catch (error) {
      console.error(error)
      setProblem('That didn’t save on this device. Please try again.')
      setBusy(false)
    }
  }

  return (
    <form class="capture recap-form" onSubmit={save} aria-label="Look back on today">
      <fieldset class="recap-form__group">
        <legend>Three things that went well today</legend>
        <p id="good-hint" class="field__hint">
          {winsToday > 0 ? 'The wins above count too. ' : ''}Fewer is fine — one is plenty.
        </p>
        {lines.map((line, i) => (
          <div class="field" key={i}>
            <label for={`good-${i}`}>Something that went well{count > 1 ? ` (${i + 1} of ${count})` : ''}</label>
            <input
              id={`good-${i}`}
              value={line}
              maxLength={MAX_TEXT}
              autoComplete="off"
              aria-describedby="good-hint"
              onInput={(event) => {
                const value = event.currentTarget.value
                setLines((all) => all.map((old, j) => (j === i ? value : old)))
              }}
            />
          </div>
        ))}
      </fieldset>
      <div class="field">
        <label for="recap-helped">What helped? (optional)</label>
        <textarea
          id="recap-helped"
          rows={2}
          value={helped}
          maxLength={MAX_HELPED}
          onInput={(event) => setHelped(event.currentTarget.value)}
        />
      </div>
      {intention !== null && (
        <fieldset class="recap-form__group">
          <legend>
            This morning you hoped for: <span class="intention__text">{intention.text}</span>. Did it happen?
          </legend>
          <div class="choice-row">
            <label class="choice">
              <input type="radio" name="intention" checked={answer === 'happened'} onChange={() => setAnswer('happened')} />
              <span>Yes, it happened</span>
            </label>
            <label class="choice">
              <input type="radio" name="intention" checked={answer === 'not_today'} onChange={() => setAnswer('not_today')} />
              <span>Not today</span>
            </label>
          </div>
          <p class="field__note" aria-live="polite">
            {answer === 'not_today' ? NOT_TODAY_ANSWER : answer === 'happened' ? 'Lovely — it goes on today’s list.' : ''}
          </p>
        </fieldset>
      )}
      {problem !== null && (
        <p role="alert" class="field__error">
          {problem}
        </p>
      )}
      <button type="submit" class="button button--primary" aria-busy={busy}>
        Close the day
      </button>
    </form>
  )
}
