// Looking back, on Today: the wins of this day a week, a month and a year ago, and now and then
// one older win (starred ones first). Both honour the person's resurfacing preference (Settings:
// all / starred only / off) and each win's "don't show this again". Everything is read from
// this device's database, so it works offline. The rules are in lib/lookback.ts.

import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { PATHS } from '../router'
import { useRecords } from '../sync/store'
import { friendlyDay } from '../lib/days'
import { mayComeBack, onThisDayDays, pickResurfaced, type Ago } from '../lib/lookback'
import { preferencesId, preferencesOf } from '../collections/preferences'
import { winsBefore, winsOnDays } from '../collections/winsLookback'
import type { Win } from '../collections/wins'
import { Link } from './Link'
import { LookingBackWin } from './LookingBackWin'

const AGO_LABEL: Readonly<Record<Ago, string>> = { week: 'A week ago', month: 'A month ago', year: 'A year ago' }

function usePreferencesId(userId: string): string | null {
  const [id, setId] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    void preferencesId(userId).then((value) => live && setId(value))
    return () => {
      live = false
    }
  }, [userId])
  return id
}

export function LookingBack({ userId, day }: { userId: string; day: string }) {
  const prefsId = usePreferencesId(userId)
  const prefs = useRecords(async (db) => (prefsId === null ? null : preferencesOf(prefsId)(db)), [prefsId], null)
  const agoDays = useMemo(() => onThisDayDays(day), [day])
  const onDays = useRecords(winsOnDays(agoDays.map((a) => a.day)), [agoDays], null)
  const pool = useRecords(winsBefore(day), [day], null)
  const [said, setSaid] = useState('')
  const heading = useRef<HTMLHeadingElement>(null)

  if (prefs === null || onDays === null || pool === null) return null
  const resurfacing = prefs.resurfacing
  const groups = agoDays
    .map(({ ago, day: then }) => ({ ago, then, wins: (onDays.get(then) ?? []).filter((w) => mayComeBack(w, resurfacing)) }))
    .filter((group) => group.wins.length > 0)
  const shown = new Set(groups.flatMap((group) => group.wins.map((w) => w.id)))
  const resurfaced = pickResurfaced(pool, day, resurfacing, shown)

  function dismissed(win: Win) {
    setSaid(`Okay — “${win.text}” stays in your history and won’t come back here.`)
    heading.current?.focus() // the button just went away with its win
  }

  return (
    <section class="lookback" aria-labelledby="lookback-heading">
      <h2 id="lookback-heading" ref={heading} tabIndex={-1}>
        Looking back
      </h2>
      {groups.map(({ ago, then, wins }) => (
        <section class="lookback__group" key={ago} aria-labelledby={`lookback-${ago}`}>
          <h3 id={`lookback-${ago}`} class="lookback__when">
            {AGO_LABEL[ago]} <span class="lookback__day">· {friendlyDay(then, day)}</span>
          </h3>
          <ul class="lookback__list">
            {wins.map((win) => (
              <LookingBackWin key={win.id} win={win} onDismissed={dismissed} />
            ))}
          </ul>
        </section>
      ))}
      {resurfaced !== null && (
        <section class="lookback__group" aria-labelledby="lookback-resurfaced">
          <h3 id="lookback-resurfaced" class="lookback__when">
            From your wins <span class="lookback__day">· {friendlyDay(resurfaced.day, day)}</span>
          </h3>
          <ul class="lookback__list">
            <LookingBackWin win={resurfaced} onDismissed={dismissed} />
          </ul>
        </section>
      )}
      <p class="lookback__note" role="status">
        {said}
      </p>
      <p class="lookback__year">
        <Link href={PATHS.year}>Your year of wins</Link>
      </p>
    </section>
  )
}
