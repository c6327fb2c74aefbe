// Today: one box for a new win, and today's wins, newest first. Everything here reads and
// writes this device's database (live queries), so it works the same offline.

import { useEffect, useMemo, useState } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { useRecords } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { localDay } from '../lib/days'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { SyncStatusLine } from '../components/SyncStatus'
import { TodayIntention } from '../components/TodayIntention'
import { WinCapture } from '../components/WinCapture'
import { WinList } from '../components/WinList'
import { toWin, WINS, type Win } from '../collections/wins'

interface TodayProps {
  user: User
  onSignedOut: () => void
}

function todayLabel(timeZone: string): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long' }
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(new Date())
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(new Date()) // unknown zone
  }
}

/** The person's current day, re-checked every minute so the list rolls over at day start. */
export function useToday(user: User): string {
  const compute = () => localDay(new Date(), user.time_zone, user.day_start_hour)
  const [day, setDay] = useState(compute)
  useEffect(() => {
    const timer = setInterval(() => setDay(compute()), 60_000)
    return () => clearInterval(timer)
  }, [user.time_zone, user.day_start_hour])
  return day
}

export function Today({ user, onSignedOut }: TodayProps) {
  const day = useToday(user)
  const rows = useRecords(
    (db) => db.records.where('[collection+day]').equals([WINS, day]).toArray(),
    [day],
    null,
  )
  const echoes = useEchoes(rows)
  // Memoised so unchanged wins keep their identity and their (memo) items skip re-rendering.
  const stored = useMemo(
    () =>
      rows === null
        ? null
        : rows
            .filter((row) => row.values['deleted'] !== true)
            .sort((a, b) => (b.at ?? 0) - (a.at ?? 0))
            .map(toWin),
    [rows],
  )
  const wins = stored === null ? null : [...echoes.shown, ...stored]

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Today">
        <p class="page__subtitle">
          {todayLabel(user.time_zone)} · <Link href={PATHS.history}>Your history</Link> ·{' '}
          <Link href={PATHS.reminders}>Reminders</Link>
        </p>
        <WinCapture user={user} onCapture={echoes.add} />
        <SyncStatusLine />
        <TodayIntention day={day} />
        {wins !== null && (
          <WinList wins={wins} timeZone={user.time_zone} label="Today's wins" empty={<EmptyDay />} />
        )}
      </Page>
    </>
  )
}

/**
 * A just-typed win is shown from memory at once and replaced by its stored row when the write
 * commits and the live query delivers it (~10–20 ms later), so Enter → list stays within a
 * frame. If the write fails it disappears again and the box gets the text back.
 */
function useEchoes(rows: readonly { id: string }[] | null) {
  const [echoes, setEchoes] = useState<Win[]>([])
  const stored = new Set(rows?.map((row) => row.id))
  const shown = echoes.filter((win) => !stored.has(win.id))
  useEffect(() => {
    if (shown.length !== echoes.length) setEchoes(shown)
  })
  return {
    shown,
    add(win: Win, saved: Promise<void>) {
      setEchoes((list) => [{ ...win, echo: true }, ...list])
      saved.catch(() => setEchoes((list) => list.filter((w) => w.id !== win.id)))
    },
  }
}

function EmptyDay() {
  return (
    <section class="empty" aria-label="Today's wins">
      <p>Nothing logged yet today — small things count.</p>
    </section>
  )
}
