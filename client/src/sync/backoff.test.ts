import { describe, expect, it } from 'vitest'
import { JITTER, MAX_BACKOFF_MS, retryDelayMs } from './backoff'

const lowest = () => 0
const highest = () => 0.999999

describe('the wait before syncing again', () => {
  it('doubles with each failure in a row, from 2 s up to 5 min, jitter on top', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, null, lowest))).toEqual([2_000, 4_000, 8_000, 16_000])
    expect(retryDelayMs(30, null, lowest)).toBe(MAX_BACKOFF_MS)
    expect(retryDelayMs(1, null, highest)).toBeCloseTo(2_000 * (1 + JITTER), 0)
  })

  it('is never shorter than Retry-After, and spreads devices over half as much again', () => {
    expect(retryDelayMs(1, 7, lowest)).toBe(7_000)
    expect(retryDelayMs(1, 7, highest)).toBeCloseTo(10_500, 0)
    // A long run of failures keeps its own, longer backoff.
    expect(retryDelayMs(5, 1, lowest)).toBe(32_000)
  })

  it('does not believe an absurd Retry-After', () => {
    expect(retryDelayMs(1, 86_400, lowest)).toBe(30 * 60_000)
    expect(retryDelayMs(1, -5, lowest)).toBe(2_000)
  })

  it('spreads a crowd: a hundred devices told "2 s" do not all come back at once', () => {
    const delays = Array.from({ length: 100 }, () => retryDelayMs(1, 2, Math.random))
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(2_000)
    expect(Math.max(...delays)).toBeLessThanOrEqual(3_000)
    expect(new Set(delays.map((d) => Math.floor(d / 100))).size).toBeGreaterThan(5)
  })
})
