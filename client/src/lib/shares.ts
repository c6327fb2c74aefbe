// Shares as the API describes them (server/shares/schemas.py), and words for them.

export type ShareTarget =
  | { kind: 'win'; winId: string }
  | { kind: 'day'; day: string }
  | { kind: 'week'; week: string }

export interface Share {
  id: string
  kind: 'win' | 'day' | 'week'
  target: string
  recipient: string
  with_reflection: boolean
  created_at: string
  expires_at: string | null
}

export interface CreatedShare extends Share {
  url: string
}

export const EXPIRY_CHOICES: readonly { days: number | null; label: string }[] = [
  { days: 7, label: 'For a week' },
  { days: 30, label: 'For a month' },
  { days: 1, label: 'For a day' },
  { days: null, label: 'Until I close it' },
]

export function shareRequest(
  target: ShareTarget,
  recipient: string,
  expiresInDays: number | null,
  withReflection: boolean,
): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: target.kind, recipient: recipient.trim() }
  if (target.kind === 'win') body['win_id'] = target.winId
  if (target.kind === 'day') body['day'] = target.day
  if (target.kind === 'week') {
    body['week'] = target.week
    body['with_reflection'] = withReflection
  }
  if (expiresInDays !== null) body['expires_in_days'] = expiresInDays
  return body
}

export function describeShare(share: Share): string {
  if (share.kind === 'win') return 'One win'
  if (share.kind === 'day') return `The wins of ${share.target}`
  return `Week ${share.target}${share.with_reflection ? ', with your reflection' : ''}`
}
