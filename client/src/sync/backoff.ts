// How long a device waits before syncing again after a failure. A server under load answers
// 503 (or 429) with Retry-After; the device waits at least that long, and at least its own
// exponential backoff (2 s, 4 s, 8 s … 5 min) when failures repeat, plus a random part of up
// to half again on top, so the devices one overloaded server turned away come back spread out
// rather than together. Jitter is only ever added: never sooner than the server asked.

export const BASE_MS = 2_000
export const MAX_BACKOFF_MS = 5 * 60_000
/** A Retry-After beyond this (a misconfigured proxy, say) is not believed. */
export const MAX_RETRY_AFTER_MS = 30 * 60_000
/** The random part: up to this fraction of the wait, on top of it. */
export const JITTER = 0.5

/** The wait after `failures` failures in a row (≥ 1), given the last answer's Retry-After. */
export function retryDelayMs(failures: number, retryAfterS: number | null, random: () => number = Math.random): number {
  const backoff = Math.min(MAX_BACKOFF_MS, BASE_MS * 2 ** (Math.max(1, failures) - 1))
  const told = retryAfterS === null ? 0 : Math.min(MAX_RETRY_AFTER_MS, Math.max(0, retryAfterS) * 1000)
  const floor = Math.max(told, backoff)
  return floor + random() * JITTER * floor
}
