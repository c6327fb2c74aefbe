// Reflections: a week's answers to the three questions, one record per person and week. The
// record id is uuid5(REFLECTION_NAMESPACE, "<user id>:<ISO week>"), so answers written offline
// on two devices edit one record and merge per question. Screens come in a later phase.

import type { CollectionSpec } from '../db/types'
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
