// Which ritual Today offers at this moment, and the kind words the rituals use. Pure, so the
// hours are tested without a browser.

export type Moment = 'morning' | 'day' | 'evening'

/** Morning from the day's start until noon; evening from 17:00 until the day ends (a night
 *  owl's 01:00 is still the evening of the day before, as their wins are). */
export function momentOf(hour: number, dayStartHour = 4): Moment {
  if (hour >= dayStartHour && hour < 12) return 'morning'
  if (hour >= 17 || hour < dayStartHour) return 'evening'
  return 'day'
}

/** The wall-clock hour (0–23) of `now` in `timeZone`. */
export function hourIn(now: Date, timeZone: string): number {
  try {
    const text = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone }).format(now)
    return Number(text) % 24
  } catch {
    return now.getHours()
  }
}

/** How many fresh lines the recap offers: three good things, counting the wins already logged,
 *  but always one, for the thing that comes to mind only now. */
export function goodThingLines(winsToday: number, wanted = 3): number {
  return Math.max(1, wanted - winsToday)
}

export const NOT_TODAY_ANSWER = 'That’s okay. Some days go another way — tomorrow is a fresh one.'
export const RECAP_CLOSE = 'That’s today, looked back on. Rest well — you did enough.'
export const PAUSE_SAVED = 'Saved. That moved you forward. Time to let the day go.'
