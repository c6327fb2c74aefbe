// The person's current day as a hook, for every screen that shows "today".

import { useEffect, useState } from 'preact/hooks'
import type { User } from '../session'
import { localDay } from './days'

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
