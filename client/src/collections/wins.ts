// Wins as the screens see them: typed views of generic records, the fields of a new win, and
// the queries screens need (tombstones left out here, never in a screen). The limits come from
// contract.json, which tests/api/test_collections_contract.py checks against the server.

import { Dexie } from 'dexie'
import type { LocalDB } from '../db/database'
import { isLive, type CollectionSpec, type RecordRow } from '../db/types'
import { localDay } from '../lib/days'
import contract from './contract.json'

export const WINS = 'wins'
export const MAX_TEXT = contract.wins.max_text
export const MAX_NOTE = contract.wins.max_note
export const MAX_TAGS = contract.wins.max_tags
export const MAX_TAG = contract.wins.max_tag
export const MAX_VALUE_IDS = contract.wins.max_value_ids
/** The energy picker's choices, lowest first (1 to 5). */
export const ENERGY_LEVELS: readonly number[] = Array.from(
  { length: contract.wins.max_energy - contract.wins.min_energy + 1 },
  (_, i) => contract.wins.min_energy + i,
)

/** "pause": logged at the mindful pause, at the end of a workday. */
export type WinKind = 'win' | 'pause'
export const WIN_KINDS = contract.wins.kinds as readonly WinKind[]
/** How each energy level feels, lowest first: a feeling, not a grade. */
export const ENERGY_WORDS: readonly string[] = ['drained', 'low', 'steady', 'lively', 'full of energy']

/** "drained" … "full of energy" for a level (the number itself for one outside the words). */
export function energyWord(level: number): string {
  return ENERGY_WORDS[level - contract.wins.min_energy] ?? String(level)
}

export const COLLECTION: CollectionSpec = { name: WINS, indexKeys: { day: 'local_day', at: 'happened_at' } }

export interface Win {
  id: string
  text: string
  happenedAt: string
  day: string
  tags: string[]
  energy: number | null
  note: string | null
  starred: boolean
  goalId: string | null
  valueIds: string[]
  kind: WinKind
  /** False once the person said "don't show this again" (Looking back); absent means true. */
  resurface: boolean
  pending: boolean
  problem: string | null
}

export function toWin(row: RecordRow): Win {
  return winFromValues(row.id, row.values, row.pending, row.problem)
}

export function winFromValues(id: string, v: RecordRow['values'], pending = true, problem: string | null = null): Win {
  const str = (value: unknown) => (typeof value === 'string' ? value : null)
  return {
    id,
    text: str(v['text']) ?? '',
    happenedAt: str(v['happened_at']) ?? '',
    day: str(v['local_day']) ?? '',
    tags: Array.isArray(v['tags']) ? v['tags'].filter((t): t is string => typeof t === 'string') : [],
    energy: typeof v['energy'] === 'number' ? v['energy'] : null,
    note: str(v['note']),
    starred: v['starred'] === true,
    goalId: str(v['goal_id']),
    valueIds: Array.isArray(v['value_ids']) ? v['value_ids'].filter((t): t is string => typeof t === 'string') : [],
    kind: v['kind'] === 'pause' ? 'pause' : 'win',
    resurface: v['resurface'] !== false,
    pending,
    problem,
  }
}

export interface Details {
  tags: string[]
  energy: number | null
  note: string | null
  valueIds?: string[]
}

/** Whose day a new win belongs to (a User has these; not imported, so the service worker's
 *  program, which has no DOM, never pulls in session.ts). */
export interface DayOwner {
  time_zone: string
  day_start_hour: number
}

/** Every field of a new win (the server needs text, happened_at and local_day together). */
export function newWinFields(
  text: string,
  details: Details,
  user: DayOwner,
  now: Date = new Date(),
  extra: { kind?: WinKind; intention_id?: string | null } = {},
) {
  return {
    text: text.trim(),
    happened_at: now.toISOString(),
    local_day: localDay(now, user.time_zone, user.day_start_hour),
    tags: details.tags,
    energy: details.energy,
    note: details.note,
    starred: false,
    goal_id: null,
    value_ids: (details.valueIds ?? []).slice(0, MAX_VALUE_IDS),
    kind: extra.kind ?? 'win',
    intention_id: extra.intention_id ?? null,
    deleted: false,
  }
}

/** "run, Tea ,run" → ["run", "Tea"]: trimmed, no repeats (case-insensitive), within limits. */
export function parseTags(input: string): string[] {
  const seen = new Set<string>()
  const tags: string[] = []
  for (const raw of input.split(',')) {
    const tag = raw.trim().slice(0, MAX_TAG)
    const key = tag.toLocaleLowerCase()
    if (tag === '' || seen.has(key)) continue
    seen.add(key)
    tags.push(tag)
  }
  return tags.slice(0, MAX_TAGS)
}

/** History's filters beside the search words; null means "any". */
export interface WinFilter {
  tag: string | null
  starred: boolean
  goalId: string | null
  valueId: string | null
}

export const NO_FILTER: WinFilter = { tag: null, starred: false, goalId: null, valueId: null }

/** On-device search: case-insensitive substring over text, note and tags, within the filters. */
export function matches(win: Win, query: string, f: WinFilter): boolean {
  const tag = f.tag
  if (tag !== null && !win.tags.some((t) => t.toLocaleLowerCase() === tag.toLocaleLowerCase())) return false
  if (f.starred && !win.starred) return false
  if (f.goalId !== null && win.goalId !== f.goalId) return false
  if (f.valueId !== null && !win.valueIds.includes(f.valueId)) return false
  const q = query.trim().toLocaleLowerCase()
  if (q === '') return true
  return (
    win.text.toLocaleLowerCase().includes(q) ||
    (win.note ?? '').toLocaleLowerCase().includes(q) ||
    win.tags.some((t) => t.toLocaleLowerCase().includes(q))
  )
}

/** A day's wins. `ids` holds every record of the day, tombstones too: Today shows a just-typed
 *  win from memory until any stored row with its id arrives. */
export interface DayWins {
  wins: Win[]
  ids: ReadonlySet<string>
}

/** The wins of `day`, newest first (Today) or in the order they happened (Recap). */
export function winsOfDay(day: string, order: 'newest' | 'oldest') {
  const sign = order === 'newest' ? -1 : 1
  return async (db: LocalDB): Promise<DayWins> => {
    const rows = await db.records.where('[collection+day]').equals([WINS, day]).toArray()
    return {
      ids: new Set(rows.map((row) => row.id)),
      wins: rows
        .filter(isLive)
        .sort((a, b) => sign * ((a.at ?? 0) - (b.at ?? 0)))
        .map(toWin),
    }
  }
}

function newestFirst(db: LocalDB) {
  return db.records
    .where('[collection+at]')
    .between([WINS, Dexie.minKey], [WINS, Dexie.maxKey])
    .reverse()
    .filter(isLive)
}

export interface HistoryPage {
  wins: Win[]
  more: boolean
}

/** Up to `limit` wins matching the search, newest first, and whether more follow. */
export function historyPage(query: string, filter: WinFilter, limit: number) {
  return async (db: LocalDB): Promise<HistoryPage> => {
    const rows = await newestFirst(db)
      .filter((row) => matches(toWin(row), query, filter))
      .limit(limit + 1)
      .toArray()
    return { wins: rows.slice(0, limit).map(toWin), more: rows.length > limit }
  }
}

/** Every tag in use, one spelling per tag (the newest win's), sorted. */
export async function allTags(db: LocalDB): Promise<string[]> {
  const rows = await newestFirst(db).toArray()
  const seen = new Map<string, string>()
  for (const row of rows) {
    const tags = row.values['tags']
    if (!Array.isArray(tags)) continue
    for (const tag of tags) if (typeof tag === 'string' && !seen.has(tag.toLocaleLowerCase())) seen.set(tag.toLocaleLowerCase(), tag)
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b))
}
