// Today's small steps: one checkbox per goal due today. Ticking logs a win linked to the goal
// (its id derived from goal and day, so two devices converge on one win); unticking deletes
// that win. Quietly absent when no goal is due today.

import { Link } from './Link'
import { followLink, goalPath, PATHS } from '../router'
import type { User } from '../session'
import { mutate, useRecords } from '../sync/store'
import { stepsOfDay, type StepOfDay } from '../collections/goals'
import { newWinFields, WINS } from '../collections/wins'

export function TodaySteps({ user, day }: { user: User; day: string }) {
  const steps = useRecords(stepsOfDay(day), [day], [])
  if (steps.length === 0) return null
  return (
    <section class="steps" aria-labelledby="today-steps">
      <h2 id="today-steps">Today’s small steps</h2>
      <ul class="steps__list">
        {steps.map((step) => (
          <StepItem key={step.goal.id} step={step} user={user} day={day} />
        ))}
      </ul>
      <p class="steps__more">
        <Link href={PATHS.goals}>Goals &amp; values</Link>
      </p>
    </section>
  )
}

function StepItem({ step, user, day }: { step: StepOfDay; user: User; day: string }) {
  const inputId = `step-${step.goal.id}`
  async function toggle(done: boolean) {
    if (!done) return mutate(WINS, step.winId, { deleted: true })
    // Every field, every time: a tick after an untick must bring the whole win back.
    const fields = newWinFields(step.goal.step, { tags: [], energy: null, note: null }, user)
    return mutate(WINS, step.winId, { ...fields, local_day: day, goal_id: step.goal.id })
  }
  return (
    <li class="step">
      <input id={inputId} type="checkbox" checked={step.done} onChange={(e) => void toggle(e.currentTarget.checked)} />
      <label for={inputId}>
        <span class="step__text">{step.goal.step}</span>
        <span class="step__goal"> — for “{step.goal.title}”</span>
      </label>
      <a class="step__link" href={goalPath(step.goal.id)} aria-label={`About ${step.goal.title}`} onClick={followLink}>
        <span aria-hidden="true">›</span>
      </a>
    </li>
  )
}
