// Your year: the days with a win over the last 53 weeks, as a heatmap with a text equivalent.
// Read from this device's database, so it opens offline too.

import { useMemo } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { useRecords } from '../sync/store'
import { AppHeader } from '../components/AppHeader'
import { YearHeatmap } from '../components/charts/YearHeatmap'
import { mondayOf, WEEKS, yearGrid } from '../components/charts/YearHeatmapData'
import { Link } from '../components/Link'
import { Page } from '../components/Page'
import { addDays } from '../lib/lookback'
import { useToday } from '../lib/today'
import { winsPerDaySince } from '../collections/winsLookback'

export function Year({ user, onSignedOut }: { user: User; onSignedOut: () => void }) {
  const day = useToday(user)
  const first = useMemo(() => mondayOf(addDays(day, -7 * (WEEKS - 1))), [day])
  const counts = useRecords(winsPerDaySince(first), [first], null)
  const grid = useMemo(() => (counts === null ? null : yearGrid(day, counts)), [day, counts])
  return (
    <>
      <AppHeader onSignedOut={onSignedOut} />
      <Page title="Your year">
        <p class="page__subtitle">
          <Link href={PATHS.today}>Back to Today</Link>
        </p>
        {grid !== null && <YearHeatmap grid={grid} />}
      </Page>
    </>
  )
}
