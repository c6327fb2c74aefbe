// Reflections: a week's answers to the three questions, one record per person and week. The
// record id is uuid5(REFLECTION_NAMESPACE, "<user id>:<ISO week>"), so answers written offline
// on two devices edit one record and merge per question.

import type { LocalDB } from '../db/database'
import { isLive, type CollectionSpec, type Fields } from '../db/types'
import { uuid5 } from '../lib/uuid5'
import contract from './contract.json'

export const REFLECTIONS = 'reflections'
export const MAX_ANSWER = contract.reflections.max_answer
/** Fixed forever: changing it would give every existing reflection a second id. */
export const REFLECTION_NAMESPACE = contract.reflections.namespace

export const COLLECTION: CollectionSpec = { name: REFLECTIONS, indexKeys: {} }

export function reflectionId(userId: string, week: string): Promise<string> {
  return uuid5(REFLECTION_NAMESPACE, `${userId}:${week}`)
}

export type Question = 'meaningful' | 'patterns' | 'consistency'

export const QUESTIONS: readonly { field: Question; text: string }[] = [
  { field: 'meaningful', text: 'What made those moments meaningful?' },
  { field: 'patterns', text: 'What patterns are emerging?' },
  { field: 'consistency', text: 'What’s helping you stay consistent?' },
]

export type Answers = Record<Question, string>

export interface WeekReflection {
  id: string
  answers: Answers
  pending: boolean
}

/** One answer at a time: the server merges per field, so answering one question on the phone
 *  and another on the laptop keeps both. `week` is what a first write must carry. */
export function answerFields(week: string, field: Question, text: string): Fields {
  return { week, [field]: text, deleted: false }
}

/** The reflection of `week` on this device, or null when none is written yet. */
export function reflectionOfWeek(userId: string, week: string) {
  return async (db: LocalDB): Promise<WeekReflection | null> => {
    const id = await reflectionId(userId, week)
    const row = await db.records.get([REFLECTIONS, id])
    if (row === undefined || !isLive(row)) return null
    const text = (field: Question) => {
      const value = row.values[field]
      return typeof value === 'string' ? value : ''
    }
    return {
      id,
      answers: { meaningful: text('meaningful'), patterns: text('patterns'), consistency: text('consistency') },
      pending: row.pending,
    }
  }
}
