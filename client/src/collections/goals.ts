// Goals as the screens see them: a big goal paired with its daily small step, on chosen
// weekdays. Ticking the step on a day logs an ordinary win with goal_id set, under the id
// uuid5(STEP_NAMESPACE, "<goal id>:<day>"): ticking on two devices offline writes one win, and
// unticking is that win's tombstone (ticking again brings it back).

import { Dexie } from 'dexie'
import type { LocalDB } from '../db/database'
import { isLive, type CollectionSpec, type Fields, type RecordRow } from '../db/types'
import { uuid5 } from '../lib/uuid5'
import contract from './contract.json'
import { toWin, WINS, type Win } from './wins'

export const GOALS = 'goals'
export const MAX_TITLE = contract.goals.max_title
export const MAX_STEP = contract.goals.max_step
/** Fixed forever: changing it would give every ticked step a second id. */
export const STEP_NAMESPACE = contract.goals.step_namespace

export const COLLECTION: CollectionSpec = { name: GOALS, indexKeys: {} }

/** Offered when creating a goal: a big goal and a step small enough for any day. */
export const EXAMPLES: readonly { title: string; step: string }[] = [
  { title: 'Write a book', step: 'Write 100 words' },
  { title: 'Improve fitness', step: 'Stretch for 5 minutes' },
  { title: 'Manage stress', step: 'Take three slow breaths' },
  { title: 'Eat healthier', step: 'Prepare one nourishing meal' },
]

/** 0 = Monday .. 6 = Sunday, as the server and reminders count them. */
export const WEEKDAYS: readonly { short: string; long: string }[] = [
  { short: 'Mon', long: 'Monday' },
  { short: 'Tue', long: 'Tuesday' },
  { short: 'Wed', long: 'Wednesday' },
  { short: 'Thu', long: 'Thursday' },
  { short: 'Fri', long: 'Friday' },
  { short: 'Sat', long: 'Saturday' },
  { short: 'Sun', long: 'Sunday' },
]
export const EVERY_DAY: readonly number[] = [0, 1, 2, 3, 4, 5, 6]

export interface Goal {
  id: string
  title: string
  step: string
  weekdays: number[]
  paused: boolean
  archived: boolean
}

export function toGoal(row: RecordRow): Goal {
  const v = row.values
  return {
    id: row.id,
    title: typeof v['title'] === 'string' ? v['title'] : '',
    step: typeof v['step'] === 'string' ? v['step'] : '',
    weekdays: Array.isArray(v['weekdays']) ? v['weekdays'].filter((d): d is number => typeof d === 'number') : [],
    paused: v['paused'] === true,
    archived: v['archived'] === true,
  }
}

/** Every field of a new goal (a first write must be whole). */
export function newGoalFields(title: string, step: string, weekdays: readonly number[]): Fields {
  return {
    title: title.trim(),
    step: step.trim(),
    weekdays: [...new Set(weekdays)].sort((a, b) => a - b),
    paused: false,
    archived: false,
    deleted: false,
  }
}

/** The weekday of a "YYYY-MM-DD" day, 0 = Monday. */
export function weekdayOf(day: string): number {
  return (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7
}

/** Is this goal's step offered on `day`? Paused and archived goals rest. */
export function isDueOn(goal: Goal, day: string): boolean {
  return !goal.paused && !goal.archived && goal.weekdays.includes(weekdayOf(day))
}

export function stepWinId(goalId: string, day: string): Promise<string> {
  return uuid5(STEP_NAMESPACE, `${goalId}:${day}`)
}

/** Days with at least one win of the goal this week (from Monday) and this month. Counts
 *  what was done, never what was missed: there is no streak to break. */
export function daysDone(days: Iterable<string>, today: string): { week: number; month: number } {
  const monday = new Date(`${today}T12:00:00Z`)
  monday.setUTCDate(monday.getUTCDate() - weekdayOf(today))
  const weekStart = monday.toISOString().slice(0, 10)
  const unique = new Set([...days].filter((d) => d <= today))
  let week = 0
  let month = 0
  for (const day of unique) {
    if (day >= weekStart) week += 1
    if (day.slice(0, 7) === today.slice(0, 7)) month += 1
  }
  return { week, month }
}

function sortGoals(goals: Goal[]): Goal[] {
  return goals.sort((a, b) => a.title.localeCompare(b.title))
}

/** Every live goal, by title (archived ones too: screens split them). */
export async function allGoals(db: LocalDB): Promise<Goal[]> {
  const rows = await db.records.where('[collection+id]').between([GOALS, Dexie.minKey], [GOALS, Dexie.maxKey]).toArray()
  return sortGoals(rows.filter(isLive).map(toGoal))
}

/** One goal, null when unknown or deleted (undefined while loading, for useRecords). */
export function goalById(id: string) {
  return async (db: LocalDB): Promise<Goal | null> => {
    const row = await db.records.get([GOALS, id])
    return row === undefined || !isLive(row) ? null : toGoal(row)
  }
}

export interface StepOfDay {
  goal: Goal
  winId: string
  done: boolean
}

/** Today's checklist: each goal due on `day`, and whether its step's win is there. */
export function stepsOfDay(day: string) {
  return async (db: LocalDB): Promise<StepOfDay[]> => {
    const goals = (await allGoals(db)).filter((goal) => isDueOn(goal, day))
    const ids = await Promise.all(goals.map((goal) => stepWinId(goal.id, day)))
    const rows = await db.records.bulkGet(ids.map((id) => [WINS, id]))
    return goals.map((goal, i) => {
      const row = rows[i]
      return { goal, winId: ids[i] ?? '', done: row !== undefined && isLive(row) }
    })
  }
}

/** The wins linked to `goalId`, newest first. */
export function winsOfGoal(goalId: string) {
  return async (db: LocalDB): Promise<Win[]> => {
    const rows = await db.records
      .where('[collection+at]')
      .between([WINS, Dexie.minKey], [WINS, Dexie.maxKey])
      .reverse()
      .filter((row) => isLive(row) && row.values['goal_id'] === goalId)
      .toArray()
    return rows.map(toWin)
  }
}
