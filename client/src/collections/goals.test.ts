import { describe, expect, it } from 'vitest'
import { daysDone, isDueOn, newGoalFields, stepWinId, weekdayOf, type Goal } from './goals'
import { matches, NO_FILTER, winFromValues } from './wins'
import { dayChoices, shiftMoment } from '../components/WinDetailsEditor'
import { filterFrom, historyPath } from '../screens/History'
import { isPathOf, recordIdIn, screenFor } from '../router'

const GOAL_ID = '0b7c9e1e-4f3a-4c1d-9a55-1c2e3d4f5a6b'
const goal: Goal = { id: GOAL_ID, title: 'Write a book', step: 'Write 100 words', weekdays: [0, 2], paused: false, archived: false }

describe('goals', () => {
  it('number weekdays from Monday, as the server does', () => {
    expect(weekdayOf('2026-11-23')).toBe(0) // a Monday
    expect(weekdayOf('2026-11-29')).toBe(6) // a Sunday
  })

  it('offer a step on its weekdays only, and never while paused or archived', () => {
    expect(isDueOn(goal, '2026-11-23')).toBe(true)
    expect(isDueOn(goal, '2026-11-24')).toBe(false)
    expect(isDueOn({ ...goal, paused: true }, '2026-11-23')).toBe(false)
    expect(isDueOn({ ...goal, archived: true }, '2026-11-23')).toBe(false)
  })

  it('name a day step win as Python uuid5(namespace, "<goal>:<day>") does, so devices agree', async () => {
    expect(await stepWinId(GOAL_ID, '2026-11-23')).toBe('efaa17bd-f184-5b8d-914c-4f2dcde3e68e')
    expect(await stepWinId(GOAL_ID, '2026-11-24')).not.toBe(await stepWinId(GOAL_ID, '2026-11-23'))
  })

  it('count days done this week (from Monday) and this month, once per day', () => {
    const days = ['2026-11-23', '2026-11-23', '2026-11-25', '2026-11-20', '2026-10-31', '2026-11-30']
    expect(daysDone(days, '2026-11-27')).toEqual({ week: 2, month: 3 })
  })

  it('write a new goal whole, days sorted without repeats', () => {
    expect(newGoalFields(' Read ', ' 1 page ', [4, 0, 4])).toEqual({
      title: 'Read', step: '1 page', weekdays: [0, 4], paused: false, archived: false, deleted: false,
    })
  })
})

describe('editing a win day', () => {
  it('offers today and the past week, never a day ahead, and keeps an older day', () => {
    const choices = dayChoices('2026-11-27', '2026-11-01')
    expect(choices[0]).toBe('2026-11-27')
    expect(choices).toContain('2026-11-20')
    expect(choices).toContain('2026-11-01')
    expect(choices.every((d) => d <= '2026-11-27')).toBe(true)
  })

  it('moves the moment by whole days with the day', () => {
    expect(shiftMoment('2026-11-27T08:30:00.000Z', '2026-11-27', '2026-11-26')).toBe('2026-11-26T08:30:00.000Z')
  })
})

describe('history filters', () => {
  const win = winFromValues('w', { text: 'Ran', tags: ['Run'], starred: true, goal_id: GOAL_ID, value_ids: ['v1'] })

  it('match by tag (any case), star, goal and value', () => {
    expect(matches(win, '', { ...NO_FILTER, tag: 'run' })).toBe(true)
    expect(matches(win, '', { ...NO_FILTER, tag: 'walk' })).toBe(false)
    expect(matches({ ...win, starred: false }, '', { ...NO_FILTER, starred: true })).toBe(false)
    expect(matches(win, '', { ...NO_FILTER, goalId: 'other' })).toBe(false)
    expect(matches(win, '', { ...NO_FILTER, valueId: 'v1', goalId: GOAL_ID })).toBe(true)
    expect(matches(win, '', { ...NO_FILTER, valueId: 'v2' })).toBe(false)
  })

  it('round-trip through the address', () => {
    const filter = { tag: 'tea & cake', starred: true, goalId: GOAL_ID, valueId: null }
    const path = historyPath(filter)
    expect(path.startsWith('/history?')).toBe(true)
    expect(filterFrom(path.slice('/history'.length))).toEqual(filter)
    expect(historyPath(NO_FILTER)).toBe('/history')
  })
})

describe('record pages', () => {
  it('route /goals/<id> and /values/<id> signed in, anything else under them to Today', () => {
    expect(screenFor(`/goals/${GOAL_ID}`, true)).toBe('goal')
    expect(screenFor(`/values/${GOAL_ID}`, true)).toBe('value')
    expect(screenFor('/goals', true)).toBe('goals')
    expect(screenFor('/goals/nope', true)).toBe('today')
    expect(screenFor(`/goals/${GOAL_ID}`, false)).toBe('signin')
    expect(recordIdIn(`/values/${GOAL_ID}`)).toBe(GOAL_ID)
    expect(isPathOf('goal', `/goals/${GOAL_ID}`)).toBe(true)
  })
})
