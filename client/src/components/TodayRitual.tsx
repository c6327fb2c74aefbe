// The ritual of the moment on Today: in the morning the intention question (until one is set),
// in the evening "Look back on today" (or a quiet "done" once the day's recap is). Between the
// two, nothing: Today is for logging.

import { useEffect, useState } from 'preact/hooks'
import { PATHS } from '../router'
import type { User } from '../session'
import { useRecords } from '../sync/store'
import { intentionOfDay } from '../collections/intentions'
import { recapOfDay } from '../collections/recaps'
import { hourIn, momentOf, type Moment } from '../lib/rituals'
import { Link } from './Link'

function useMoment(user: User): Moment {
  const compute = () => momentOf(hourIn(new Date(), user.time_zone), user.day_start_hour)
  const [moment, setMoment] = useState(compute)
  useEffect(() => {
    const timer = setInterval(() => setMoment(compute()), 60_000)
    return () => clearInterval(timer)
  }, [user.time_zone, user.day_start_hour])
  return moment
}

export function TodayRitual({ user, day }: { user: User; day: string }) {
  const moment = useMoment(user)
  const intention = useRecords(intentionOfDay(day), [day], undefined)
  const recap = useRecords(recapOfDay(day), [day], undefined)

  if (moment === 'morning' && intention === null) {
    return (
      <section class="ritual" aria-labelledby="ritual-heading">
        <h2 id="ritual-heading" class="ritual__heading">
          Good morning
        </h2>
        <p>What’s one win you want to look back on today?</p>
        <Link href={PATHS.intention}>Set today’s intention</Link>
      </section>
    )
  }
  if (moment === 'evening' && recap !== undefined) {
    return (
      <section class="ritual" aria-labelledby="ritual-heading">
        <h2 id="ritual-heading" class="ritual__heading">
          {recap === null ? 'This evening' : 'Day closed'}
        </h2>
        {recap === null ? (
          <>
            <p>A few quiet minutes to notice what went well.</p>
            <Link href={PATHS.recap}>Look back on today</Link>
          </>
        ) : (
          <p>You looked back on today. Rest well.</p>
        )}
      </section>
    )
  }
  return null
}
