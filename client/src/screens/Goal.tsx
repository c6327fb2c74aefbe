// A goal's page (/goals/<id>): its small step, the days it was done this week and this month
// (counted up, never a streak to lose), and its wins. A value's page (/values/<id>) lists the
// wins linked to it. Both read this device's database, so they open offline.

import { useState } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { mutate, useRecords } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { WeekdayPicker } from '../components/WeekdayPicker'
import { WinList } from '../components/WinList'
import { useToday } from '../lib/today'
import { daysDone, goalById, GOALS, MAX_STEP, MAX_TITLE, winsOfGoal, type Goal } from '../collections/goals'
import { valueById, winsOfValue } from '../collections/values'
import { describeDays } from './Goals'

interface RecordPageProps {
  id: string
  user: User
  onSignedOut: () => void
}

function days(n: number): string {
  return n === 1 ? '1 day' : `${n} days`
}

export function GoalPage({ id, user, onSignedOut }: RecordPageProps) {
  const today = useToday(user)
  const goal = useRecords(goalById(id), [id], undefined)
  const wins = useRecords(winsOfGoal(id), [id], null)
  const done = daysDone((wins ?? []).map((w) => w.day), today)
  const [editing, setEditing] = useState(false)
  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title={goal?.title ?? 'Goal'}>
        <p class="page__subtitle">
          <Link href={PATHS.goals}>All goals &amp; values</Link> · <Link href={PATHS.today}>Today</Link>
        </p>
        {goal === null && <p class="empty">This goal isn’t on this device. It may have been removed.</p>}
        {goal !== null && goal !== undefined && (
          <>
            <p class="goal__step">
              Small step: <strong>{goal.step}</strong> · {describeDays(goal.weekdays)}
              {goal.paused && ' · resting for now'}
              {goal.archived && ' · archived'}
            </p>
            <p class="goal__done" aria-live="polite">
              Done on {days(done.week)} this week and {days(done.month)} this month.
            </p>
            {editing ? (
              <GoalEditor goal={goal} onDone={() => setEditing(false)} />
            ) : (
              <button type="button" class="button button--quiet" onClick={() => setEditing(true)}>
                Edit goal
              </button>
            )}
            <h2>Wins for this goal</h2>
            {wins !== null && (
              <WinList
                wins={wins}
                timeZone={user.time_zone}
                label="Wins for this goal"
                empty={<p class="empty">Tick the step on Today and your wins will gather here.</p>}
              />
            )}
          </>
        )}
      </Page>
    </>
  )
}

function GoalEditor({ goal, onDone }: { goal: Goal; onDone: () => void }) {
  const [title, setTitle] = useState(goal.title)
  const [step, setStep] = useState(goal.step)
  const [weekdays, setWeekdays] = useState<readonly number[]>(goal.weekdays)
  async function save(event: SubmitEvent) {
    event.preventDefault()
    if (title.trim() === '' || step.trim() === '' || weekdays.length === 0) return
    const fields: Record<string, string | readonly number[]> = {}
    if (title.trim() !== goal.title) fields['title'] = title.trim()
    if (step.trim() !== goal.step) fields['step'] = step.trim()
    if (weekdays.join() !== goal.weekdays.join()) fields['weekdays'] = weekdays
    if (Object.keys(fields).length > 0) await mutate(GOALS, goal.id, fields)
    onDone()
  }
  return (
    <form class="new-goal" onSubmit={save} aria-label="Edit goal">
      <div class="field">
        <label for="edit-goal-title">Big goal</label>
        <input id="edit-goal-title" value={title} maxLength={MAX_TITLE} onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="edit-goal-step">Daily small step</label>
        <input id="edit-goal-step" value={step} maxLength={MAX_STEP} onInput={(e) => setStep(e.currentTarget.value)} />
      </div>
      <WeekdayPicker value={weekdays} onChange={setWeekdays} />
      <div class="capture__row">
        <button type="submit" class="button button--primary">
          Save goal
        </button>
        <button type="button" class="button button--quiet" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}

export function ValuePage({ id, user, onSignedOut }: RecordPageProps) {
  const value = useRecords(valueById(id), [id], undefined)
  const wins = useRecords(winsOfValue(id), [id], null)
  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title={value?.name ?? 'Value'}>
        <p class="page__subtitle">
          <Link href={PATHS.goals}>All goals &amp; values</Link> · <Link href={PATHS.today}>Today</Link>
        </p>
        {value === null && <p class="empty">This value isn’t on this device. It may have been removed.</p>}
        {value !== null && value !== undefined && wins !== null && (
          <WinList
            wins={wins}
            timeZone={user.time_zone}
            label={`Wins for ${value.name}`}
            empty={<p class="empty">No wins linked yet — add this value in a win’s details.</p>}
          />
        )}
      </Page>
    </>
  )
}
