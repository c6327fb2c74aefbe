// Weekly summaries: written only by the server's weekly job (a device's write is rejected),
// pulled and cached like every record so a week's review opens offline. The record id is
// uuid5(SUMMARY_NAMESPACE, "<user id>:<ISO week>"), so /week/2026-W47 finds its summary locally.
// The review screen that reads them comes in a later phase.

import type { CollectionSpec } from '../db/types'
import { uuid5 } from '../lib/uuid5'
import contract from './contract.json'

export const SUMMARIES = 'summaries'
/** Fixed forever: the server names summaries with it (server/summaries/store.py). */
export const SUMMARY_NAMESPACE = contract.summaries.namespace

export const COLLECTION: CollectionSpec = { name: SUMMARIES, indexKeys: { day: 'week_start' } }

export function summaryId(userId: string, week: string): Promise<string> {
  return uuid5(SUMMARY_NAMESPACE, `${userId}:${week}`)
}
