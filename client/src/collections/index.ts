// The collections this client syncs, listed once (as server/app.py lists the server's). Adding
// a kind of record adds its module and one line here; see docs/collections.md.

import type { IndexKeysByCollection } from '../db/types'
import * as goals from './goals'
import * as intentions from './intentions'
import * as preferences from './preferences'
import * as reflections from './reflections'
import * as reminders from './reminders'
import * as summaries from './summaries'
import * as values from './values'
import * as wins from './wins'

export const COLLECTIONS = [
  wins.COLLECTION,
  intentions.COLLECTION,
  reminders.COLLECTION,
  summaries.COLLECTION,
  reflections.COLLECTION,
  goals.COLLECTION,
  values.COLLECTION,
  preferences.COLLECTION,
] as const

/** What the generic store copies into its indexes, per collection (db/compose.ts). */
export const INDEX_KEYS: IndexKeysByCollection = Object.fromEntries(
  COLLECTIONS.map((collection) => [collection.name, collection.indexKeys]),
)
