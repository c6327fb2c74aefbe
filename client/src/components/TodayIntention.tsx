// Today's intention, shown on Today above the wins when one is set (quietly absent otherwise).

import { PATHS } from '../router'
import { useIntention } from '../collections/intentions'
import { Link } from './Link'

export function TodayIntention({ day }: { day: string }) {
  const intention = useIntention(day)
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
