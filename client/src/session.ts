// The signed-in person: auth API calls plus a copy of the User in localStorage.
//
// The copy exists only so the app shell can open offline on a device that was signed in
// before; the server's session cookie stays the authority, and GET /auth/me is asked first.

import { api, resetCsrfToken } from './api'

export interface User {
  id: string
  email: string
  time_zone: string
  day_start_hour: number
  /** ISO 8601 */
  created_at: string
}

interface UserResponse {
  user: User
}

export interface SignUpInput {
  email: string
  password: string
  time_zone: string
}

export interface SignInInput {
  email: string
  password: string
}

export interface SettingsInput {
  time_zone?: string
  day_start_hour?: number
}

const AUTH = '/api/v1/auth'
const CACHE_KEY = 'small-wins:user'

export async function fetchMe(): Promise<User> {
  const { user } = await api.get<UserResponse>(`${AUTH}/me`)
  remember(user)
  return user
}

export async function signUp(input: SignUpInput): Promise<User> {
  const { user } = await api.post<UserResponse>(`${AUTH}/signup`, input)
  resetCsrfToken() // the session changed; its token may have too
  remember(user)
  return user
}

export async function signIn(input: SignInInput): Promise<User> {
  const { user } = await api.post<UserResponse>(`${AUTH}/signin`, input)
  resetCsrfToken()
  remember(user)
  return user
}

export async function signOut(): Promise<void> {
  await api.post<undefined>(`${AUTH}/signout`)
  resetCsrfToken()
  forget()
}

export async function updateSettings(input: SettingsInput): Promise<User> {
  const { user } = await api.patch<UserResponse>(`${AUTH}/me`, input)
  remember(user)
  return user
}

export function cachedUser(): User | null {
  try {
    const raw = localStorage.getItem(CACHE_KEY)
    if (raw === null) return null
    const value: unknown = JSON.parse(raw)
    return isUser(value) ? value : null
  } catch {
    return null // storage disabled or the copy is damaged: behave as if nothing was cached
  }
}

export function forget(): void {
  try {
    localStorage.removeItem(CACHE_KEY)
  } catch {
    // storage unavailable: nothing to forget
  }
}

export function remember(user: User): void {
  try {
    localStorage.setItem(CACHE_KEY, JSON.stringify(user))
  } catch {
    // storage full or disabled: the app still works online
  }
}

function isUser(value: unknown): value is User {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v['id'] === 'string' &&
    typeof v['email'] === 'string' &&
    typeof v['time_zone'] === 'string' &&
    typeof v['day_start_hour'] === 'number' &&
    typeof v['created_at'] === 'string'
  )
}
