// Recap: the evening reminder's screen. Today's wins from this device's database (so it works
// offline), a kind line whatever the count, this morning's intention if there was one, and
// when nothing is logged yet a box to add one right here.

import { PATHS } from '../router'
import type { User } from '../session'
import { useRecords } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { clockTime } from '../lib/days'
import { intentionOfDay } from '../collections/intentions'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { recapLine } from '../lib/reminderText'
import { useToday } from '../lib/today'
import { WinCapture } from '../components/WinCapture'
import { winsOfDay } from '../collections/wins'

export function Recap({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const day = useToday(user)
  const intention = useRecords(intentionOfDay(day), [day], undefined)
  // The day in the order it happened.
  const wins = useRecords(winsOfDay(day, 'oldest'), [day], null)?.wins ?? null

  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Recap" heading="Look back on today">
        <p class="page__subtitle">
          <Link href={PATHS.today}>Back to Today</Link>
        </p>
        {intention && (
          <p class="intention">
            This morning you hoped for: <span class="intention__text">{intention.text}</span>
          </p>
        )}
        {wins !== null && (
          <>
            <p class="recap__line" role="status">
              {recapLine(wins.length)}
            </p>
            {wins.length > 0 ? (
              <ul class="recap" aria-label="Today’s wins">
                {wins.map((win) => (
                  <li key={win.id} class="recap__item">
                    <span class="recap__time">{clockTime(win.happenedAt, user.time_zone)}</span> {win.text}
                  </li>
                ))}
              </ul>
            ) : (
              <p>Was there one small thing that went well? A kind word, a glass of water, a bit of rest — it all counts.</p>
            )}
          </>
        )}
        <WinCapture user={user} />
      </Page>
    </>
  )
}
