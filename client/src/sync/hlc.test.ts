import { describe, expect, it } from 'vitest'
import { measureOffset, pack, parse, receive, rewind, send, type Stamp } from './hlc'

const node = 'abc123'
const zero: Stamp = { millis: 0, counter: 0, node }

describe('hybrid logical clock', () => {
  it('packs to the server format and parses back', () => {
    const stamp = { millis: 1_732_000_000_000, counter: 7, node }
    expect(pack(stamp)).toBe('001732000000000-00007-abc123')
    expect(parse(pack(stamp))).toEqual(stamp)
    expect(parse('not a stamp')).toBeNull()
  })

  it('stays strictly increasing when the wall clock stalls', () => {
    let last = zero
    const stamps: string[] = []
    for (let i = 0; i < 50; i++) {
      last = send(last, 1_000)
      stamps.push(pack(last))
    }
    expect([...stamps].sort()).toEqual(stamps)
    expect(new Set(stamps).size).toBe(50)
  })

  it('stays strictly increasing when the wall clock jumps backwards', () => {
    const a = send(zero, 5_000_000)
    const b = send(a, 1_000) // clock set back by more than an hour
    const c = send(b, 4_000_000)
    expect(pack(a) < pack(b)).toBe(true)
    expect(pack(b) < pack(c)).toBe(true)
  })

  it('sorts after a received stamp from a device ahead of us', () => {
    const mine = send(zero, 1_000)
    const theirs = { millis: 9_000, counter: 3, node: 'zzz' }
    const merged = receive(mine, theirs, 1_000)
    expect(merged.node).toBe(node)
    expect(pack(merged) > pack({ ...theirs, node })).toBe(true)
    expect(pack(send(merged, 1_000)) > pack(merged)).toBe(true)
  })

  it('rewinds to corrected time but never below what the server accepted', () => {
    expect(rewind(node, 2_000, { millis: 1_000, counter: 4, node: 'x' })).toEqual({ millis: 2_000, counter: 0, node })
    expect(rewind(node, 500, { millis: 1_000, counter: 4, node: 'x' })).toEqual({ millis: 1_000, counter: 4, node })
  })

  it('measures a clock offset and ignores jitter', () => {
    expect(measureOffset(1_000, 1_200, 1_150)).toBe(0)
    expect(measureOffset(1_000, 1_200, 1_100 - 86_400_000)).toBe(-86_400_000)
  })
})
