// What a push message asks the service worker to show. Shared by sw.ts (which shows it) and
// the app (which handles the click's deep link); plain data, no DOM or worker globals.
//
// The server sends JSON {title, body, url, tag}. A browser revokes push permission from sites
// that receive pushes without showing anything, so a missing or malformed payload still yields
// a gentle default notification rather than none.

export interface PushPayload {
  title: string
  body: string
  /** Same-origin path to open on click, e.g. "/today" or "/recap". */
  url: string
  /** Notifications with the same tag replace each other instead of piling up. */
  tag: string
}

export const DEFAULT_PUSH: PushPayload = {
  title: 'Small Wins',
  body: 'A small moment to notice something good.',
  url: '/today',
  tag: 'small-wins',
}

/** Read a push body (already-parsed JSON or raw text) into a payload we can always show. */
export function readPushPayload(data: unknown): PushPayload {
  if (typeof data !== 'object' || data === null) return DEFAULT_PUSH
  const d = data as Record<string, unknown>
  const text = (key: string, fallback: string): string => {
    const value = d[key]
    return typeof value === 'string' && value.trim() !== '' ? value : fallback
  }
  return {
    title: text('title', DEFAULT_PUSH.title),
    body: text('body', DEFAULT_PUSH.body),
    url: safePath(text('url', DEFAULT_PUSH.url)),
    tag: text('tag', DEFAULT_PUSH.tag),
  }
}

/**
 * Keep deep links inside the app: an absolute same-origin path passes; anything else
 * (another origin, "//host", "javascript:") falls back to /today.
 */
export function safePath(url: string): string {
  return url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/\\')
    ? url
    : DEFAULT_PUSH.url
}

/** The message the worker posts to an open window after a notification click. */
export interface NavigateMessage {
  type: 'NAVIGATE'
  url: string
}

export function isNavigateMessage(data: unknown): data is NavigateMessage {
  if (typeof data !== 'object' || data === null) return false
  const d = data as Record<string, unknown>
  return d['type'] === 'NAVIGATE' && typeof d['url'] === 'string'
}
