// Wins as the screens see them: typed views of generic records, and the fields of a new win.

import type { RecordRow } from '../db/types'
import type { User } from '../session'
import { localDay } from './days'

export const WINS = 'wins'
export const MAX_TEXT = 500
export const MAX_NOTE = 1000
export const MAX_TAGS = 10
export const MAX_TAG = 32

export interface Win {
  id: string
  text: string
  happenedAt: string
  day: string
  tags: string[]
  energy: number | null
  note: string | null
  starred: boolean
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
    pending,
    problem,
  }
}

export interface Details {
  tags: string[]
  energy: number | null
  note: string | null
}

/** Every field of a new win (the server needs text, happened_at and local_day together). */
export function newWinFields(text: string, details: Details, user: User, now: Date = new Date()) {
  return {
    text: text.trim(),
    happened_at: now.toISOString(),
    local_day: localDay(now, user.time_zone, user.day_start_hour),
    tags: details.tags,
    energy: details.energy,
    note: details.note,
    starred: false,
    goal_id: null,
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

/** On-device search: case-insensitive substring over text, note and tags. */
export function matches(win: Win, query: string, tag: string | null): boolean {
  if (tag !== null && !win.tags.some((t) => t.toLocaleLowerCase() === tag.toLocaleLowerCase())) return false
  const q = query.trim().toLocaleLowerCase()
  if (q === '') return true
  return (
    win.text.toLocaleLowerCase().includes(q) ||
    (win.note ?? '').toLocaleLowerCase().includes(q) ||
    win.tags.some((t) => t.toLocaleLowerCase().includes(q))
  )
}
