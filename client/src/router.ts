// A tiny router over the History API: the path is the state.
//
// navigate() pushes (or replaces) a history entry and tells subscribers; the browser's back and
// forward buttons arrive as popstate. Which screen a path shows depends on whether someone is
// signed in (screenFor); App.tsx then makes the address bar match.

import { useEffect, useState } from 'preact/hooks'

export type Screen =
  | 'signin'
  | 'signup'
  | 'today'
  | 'history'
  | 'reminders'
  | 'recap'
  | 'intention'
  | 'review'
  | 'goals'
  | 'goal'
  | 'value'
  | 'settings'
  | 'reset'
  | 'pause'
  | 'start'
  | 'shares'
  | 'year'

export const PATHS: Readonly<Record<Screen, string>> = {
  signin: '/signin',
  signup: '/signup',
  today: '/today',
  history: '/history',
  reminders: '/reminders',
  recap: '/recap',
  intention: '/intention',
  review: '/week',
  goals: '/goals',
  // A goal's and a value's page carry the record's id: /goals/<id>, /values/<id>.
  goal: '/goals/',
  value: '/values/',
  settings: '/settings',
  reset: '/reset',
  pause: '/pause',
  start: '/start',
  shares: '/shares',
  year: '/year',
}

const RECORD_PAGE = /^\/(goals|values)\/([0-9a-f-]{36})$/

export function goalPath(id: string): string {
  return `${PATHS.goal}${id}`
}

export function valuePath(id: string): string {
  return `${PATHS.value}${id}`
}

/** The record id in /goals/<id> or /values/<id>, else null. */
export function recordIdIn(path: string): string | null {
  return RECORD_PAGE.exec(path)?.[2] ?? null
}

/** Is `path` already the address of `screen` (App makes the address bar match otherwise)? */
export function isPathOf(screen: Screen, path: string): boolean {
  if (screen === 'goal' || screen === 'value') return path.startsWith(PATHS[screen]) && recordIdIn(path) !== null
  return PATHS[screen] === path
}

// Signed-in screens other than Today.
const SIGNED_IN: Readonly<Record<string, Screen>> = {
  [PATHS.history]: 'history',
  [PATHS.reminders]: 'reminders',
  [PATHS.recap]: 'recap',
  [PATHS.intention]: 'intention',
  [PATHS.review]: 'review',
  [PATHS.goals]: 'goals',
  [PATHS.settings]: 'settings',
  [PATHS.year]: 'year',
  // A reset link works whether or not someone is signed in on this browser.
  [PATHS.reset]: 'reset',
  [PATHS.pause]: 'pause',
  [PATHS.start]: 'start',
  [PATHS.shares]: 'shares',
  '/review': 'review', // the old placeholder's path: now the weekly review
}

// /week/2026-W47: one week's review (any 2-digit week; the screen checks it is a real one).
const WEEK_PATH = /^\/week\/\d{4}-W\d{2}$/

/**
 * The screen a path shows. Signed in, a known path shows its screen and every other path
 * Today; signed out, /signup shows sign-up, /signin sign-in, and any other path sign-in for a
 * device someone has used before and sign-up for a newcomer (not "Welcome back").
 */
export function screenFor(path: string, signedIn: boolean, returning = true): Screen {
  const record = RECORD_PAGE.exec(path)
  if (signedIn && record !== null) return record[1] === 'goals' ? 'goal' : 'value'
  if (signedIn) return WEEK_PATH.test(path) ? 'review' : (SIGNED_IN[path] ?? 'today')
  // A reset link works whether or not someone is signed in on this browser.
  if (path === PATHS.reset) return 'reset'
  if (path === PATHS.signup) return 'signup'
  if (path === PATHS.signin) return 'signin'
  return returning ? 'signin' : 'signup'
}

const RETURNING_KEY = 'smallwins.returning'

/** Someone has signed in or up on this device before (kept after sign-out: it's not data). */
export function isReturning(): boolean {
  try {
    return localStorage.getItem(RETURNING_KEY) !== null
  } catch {
    return true // storage blocked: sign-in is the safer guess
  }
}

export function markReturning(): void {
  try {
    localStorage.setItem(RETURNING_KEY, '1')
  } catch {
    // storage blocked: a newcomer's page next time is harmless
  }
}

/** The address bar's path for a screen: its own path, except that a week's review keeps the
 *  week in it (/week/2026-W47). */
export function canonicalPath(screen: Screen, path: string): string {
  if (screen === 'review' && WEEK_PATH.test(path)) return path
  return isPathOf(screen, path) ? path : PATHS[screen]
}

type Listener = (path: string) => void
const listeners = new Set<Listener>()

export function currentPath(): string {
  return window.location.pathname
}

export function navigate(path: string, { replace = false } = {}): void {
  if (path === currentPath() + window.location.search) return
  if (replace) history.replaceState(null, '', path)
  else history.pushState(null, '', path)
  notify()
}

function notify(): void {
  const path = currentPath()
  for (const listener of listeners) listener(path)
}

/** The current path, re-rendering the caller whenever it changes. */
export function usePath(): string {
  const [path, setPath] = useState(currentPath)
  useEffect(() => {
    listeners.add(setPath)
    window.addEventListener('popstate', notify)
    setPath(currentPath()) // in case it changed between render and effect
    return () => {
      listeners.delete(setPath)
      window.removeEventListener('popstate', notify)
    }
  }, [])
  return path
}

/** The query string (History's filters live there), re-rendering on every navigation. */
export function useSearch(): string {
  const [search, setSearch] = useState(() => window.location.search)
  useEffect(() => {
    const update = () => setSearch(window.location.search)
    listeners.add(update)
    window.addEventListener('popstate', update)
    return () => {
      listeners.delete(update)
      window.removeEventListener('popstate', update)
    }
  }, [])
  return search
}

/**
 * Click handler for in-app links: plain left clicks navigate without a page load; clicks with a
 * modifier (new tab, new window) are left to the browser.
 */
export function followLink(event: MouseEvent): void {
  const anchor = event.currentTarget
  if (!(anchor instanceof HTMLAnchorElement)) return
  if (event.defaultPrevented || event.button !== 0) return
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  if (anchor.origin !== window.location.origin) return
  event.preventDefault()
  navigate(anchor.pathname + anchor.search + anchor.hash)
}
