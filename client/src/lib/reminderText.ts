// Words for the Reminders screen, kept apart so they are tested without a browser.

import type { SendCounts } from '../push/subscribe'
import { clockTime, friendlyDay, localDay, previousDay } from './days'

/** "today at 21:00", "tomorrow at 08:00", "Sunday, 29 November at 18:00" in the person's zone. */
export function whenText(iso: string, timeZone: string, now: Date = new Date()): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  // Calendar days here (day start 0): "tomorrow at 08:00" means the date, not the night owl's day.
  const day = localDay(at, timeZone, 0)
  const today = localDay(now, timeZone, 0)
  const time = clockTime(iso, timeZone)
  if (day === today) return `today at ${time}`
  if (previousDay(day) === today) return `tomorrow at ${time}`
  return `${friendlyDay(day, today)} at ${time}`
}

/** "Monday, 30 November" for the end of a pause. */
export function untilText(iso: string, timeZone: string, now: Date = new Date()): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return ''
  return friendlyDay(localDay(at, timeZone, 0), localDay(now, timeZone, 0))
}

/** What "Send a test notification" did, kindly. */
export function countsText({ delivered, failed, removed }: SendCounts): string {
  let text: string
  if (delivered > 0) {
    text = delivered === 1 ? 'Sent! It should arrive in a moment.' : `Sent to ${delivered} devices. It should arrive in a moment.`
  } else if (failed > 0) {
    text = 'We couldn’t reach your devices just now. Please try again in a little while.'
  } else {
    text = 'There’s no device to send to yet. Turn on reminders first.'
  }
  if (removed > 0) {
    const which = removed === 1 ? 'One device' : `${removed} devices`
    text += ` ${which} had stopped accepting notifications, so we tidied ${removed === 1 ? 'it' : 'them'} away.`
  }
  return text
}

/** "Your wins today" on the recap: a kind line for any count, zero included. */
export function recapLine(count: number): string {
  if (count === 0) return 'Nothing logged yet today — and that’s okay.'
  if (count === 1) return 'One small win today. It counts.'
  return `${count} small wins today. That’s a lot of good to notice.`
}
