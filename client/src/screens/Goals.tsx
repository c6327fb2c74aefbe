// Goals & values: the goals with their daily small steps (create, pause, archive), and the
// person's values (name a few, remove one). All of it reads and writes this device's database,
// so it works offline and syncs behind.

import { useState } from 'preact/hooks'
import { uuid } from '../db/meta'
import { followLink, goalPath, PATHS } from '../router'
import type { User } from '../session'
import { mutate, useRecords } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { ValuesManager } from '../components/ValuesManager'
import { WeekdayPicker } from '../components/WeekdayPicker'
import { allGoals, EVERY_DAY, EXAMPLES, GOALS, MAX_STEP, MAX_TITLE, newGoalFields, WEEKDAYS, type Goal } from '../collections/goals'

export function Goals({ onSignedOut }: { user: User; onSignedOut: () => void }) {
  const goals = useRecords(allGoals, [], null)
  const active = goals?.filter((g) => !g.archived) ?? []
  const archived = goals?.filter((g) => g.archived) ?? []
  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Goals & values">
        <p class="page__subtitle">
          <Link href={PATHS.today}>Back to Today</Link>
        </p>
        <section aria-labelledby="goals-heading">
          <h2 id="goals-heading">Your goals</h2>
          <p class="field__hint">A big goal, and one small step toward it on the days you choose.</p>
          {goals !== null && active.length === 0 && <p class="empty">No goals yet — one small step is a fine start.</p>}
          <ul class="goals">
            {active.map((goal) => (
              <GoalRow key={goal.id} goal={goal} />
            ))}
          </ul>
          <NewGoal />
          {archived.length > 0 && (
            <details class="goals__archived">
              <summary>Archived goals ({archived.length})</summary>
              <ul class="goals">
                {archived.map((goal) => (
                  <GoalRow key={goal.id} goal={goal} />
                ))}
              </ul>
            </details>
          )}
        </section>
        <ValuesManager />
      </Page>
    </>
  )
}

export function describeDays(weekdays: readonly number[]): string {
  if (weekdays.length === 7) return 'Every day'
  if (weekdays.length === 0) return 'No days chosen'
  return weekdays.map((d) => WEEKDAYS[d]?.short ?? '').join(', ')
}

function GoalRow({ goal }: { goal: Goal }) {
  const titleId = `goal-${goal.id}`
  return (
    <li class="goal">
      <div class="goal__body">
        <a id={titleId} class="goal__title" href={goalPath(goal.id)} onClick={followLink}>
          {goal.title}
        </a>
        <p class="goal__step">
          {goal.step} · {describeDays(goal.weekdays)}
          {goal.paused && !goal.archived && ' · resting'}
        </p>
      </div>
      <div class="goal__actions">
        {!goal.archived && (
          <button
            type="button"
            class="button button--quiet"
            aria-describedby={titleId}
            onClick={() => void mutate(GOALS, goal.id, { paused: !goal.paused })}
          >
            {goal.paused ? 'Resume' : 'Pause'}
          </button>
        )}
        <button
          type="button"
          class="button button--quiet"
          aria-describedby={titleId}
          onClick={() => void mutate(GOALS, goal.id, { archived: !goal.archived })}
        >
          {goal.archived ? 'Bring back' : 'Archive'}
        </button>
      </div>
    </li>
  )
}

function NewGoal() {
  const [title, setTitle] = useState('')
  const [step, setStep] = useState('')
  const [weekdays, setWeekdays] = useState<readonly number[]>(EVERY_DAY)
  const [problem, setProblem] = useState<string | null>(null)

  async function save(event: SubmitEvent) {
    event.preventDefault()
    if (title.trim() === '' || step.trim() === '') {
      setProblem('Add a goal and one small step toward it.')
      return
    }
    if (weekdays.length === 0) {
      setProblem('Choose at least one day for the step.')
      return
    }
    setProblem(null)
    await mutate(GOALS, uuid(), newGoalFields(title, step, weekdays))
    setTitle('')
    setStep('')
    setWeekdays(EVERY_DAY)
  }

  return (
    <form class="new-goal" onSubmit={save} aria-labelledby="new-goal-heading">
      <h3 id="new-goal-heading">Add a goal</h3>
      <div class="examples" role="group" aria-label="Examples">
        <p class="field__hint">Try one of these, or write your own:</p>
        {EXAMPLES.map((example) => (
          <button
            key={example.title}
            type="button"
            class="chip"
            onClick={() => {
              setTitle(example.title)
              setStep(example.step)
            }}
          >
            {example.title} → {example.step}
          </button>
        ))}
      </div>
      <div class="field">
        <label for="goal-title">Big goal</label>
        <input id="goal-title" value={title} maxLength={MAX_TITLE} autoComplete="off" onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="goal-step">Daily small step</label>
        <input id="goal-step" value={step} maxLength={MAX_STEP} autoComplete="off" onInput={(e) => setStep(e.currentTarget.value)} />
      </div>
      <WeekdayPicker value={weekdays} onChange={setWeekdays} />
      {problem !== null && (
        <p role="alert" class="field__error">
          {problem}
        </p>
      )}
      <button type="submit" class="button button--primary">
        Add goal
      </button>
    </form>
  )
}
