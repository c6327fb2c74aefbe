// Preact binding for Dexie's liveQuery: re-run a query whenever a transaction (in this tab or
// another) changes what it read, and re-render with the result.

import { liveQuery } from 'dexie'
import { useEffect, useState } from 'preact/hooks'

export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial)
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (result) => setValue(() => result),
      error: (error: unknown) => console.error('A live query failed', error),
    })
    return () => subscription.unsubscribe()
    // The caller lists what the query depends on, as with useEffect.
  }, deps)
  return value
}

/** navigator.onLine, kept current by the online/offline events. */
export function useOnline(): boolean {
  const [online, setOnline] = useState(navigator.onLine)
  useEffect(() => {
    const update = () => setOnline(navigator.onLine)
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    return () => {
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
    }
  }, [])
  return online
}
