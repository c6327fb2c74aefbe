// Today's intention, shown on Today above the wins when one is set (quietly absent otherwise).

import { PATHS } from '../router'
import { intentionOfDay } from '../collections/intentions'
import { useRecords } from '../sync/store'
import { Link } from './Link'

export function TodayIntention({ day }: { day: string }) {
  const intention = useRecords(intentionOfDay(day), [day], undefined)
  if (!intention) return null
  return (
    <section class="intention" aria-labelledby="today-intention">
      <h2 id="today-intention" class="intention__label">
        Today’s intention
      </h2>
      <p class="intention__text">{intention.text}</p>
      <Link href={PATHS.intention}>Change</Link>
    </section>
  )
}
