// The account's life, beyond signing in and out: change the password or email, sign out
// everywhere, delete the account, and reset a forgotten password (server/auth/account.py).
// Calls that start a new session on the server rotate its CSRF token, so ours is dropped.

import { api, resetCsrfToken } from './api'
import { forget, remember, type User } from './session'

const AUTH = '/api/v1/auth'

interface UserResponse {
  user: User
}

export interface ResetInfo {
  /** True when this server emails reset links; otherwise its operator resets passwords. */
  by_email: boolean
  message: string
}

async function withNewSession(path: string, body: unknown): Promise<User> {
  try {
    const { user } = await api.post<UserResponse>(path, body)
    remember(user)
    return user
  } finally {
    resetCsrfToken()
  }
}

export function changePassword(currentPassword: string, newPassword: string): Promise<User> {
  return withNewSession(`${AUTH}/password`, { current_password: currentPassword, new_password: newPassword })
}

export async function changeEmail(email: string, password: string): Promise<User> {
  const { user } = await api.post<UserResponse>(`${AUTH}/email`, { email, password })
  remember(user)
  return user
}

export async function signOutEverywhere(): Promise<void> {
  await api.post<undefined>(`${AUTH}/signout-everywhere`)
  resetCsrfToken()
  forget()
}

export async function deleteAccount(password: string): Promise<void> {
  await api.post<undefined>(`${AUTH}/delete-account`, { password })
  resetCsrfToken()
  forget()
}

export function resetInfo(): Promise<ResetInfo> {
  return api.get<ResetInfo>(`${AUTH}/password-reset`)
}

export function requestReset(email: string): Promise<ResetInfo> {
  return api.post<ResetInfo>(`${AUTH}/password-reset`, { email })
}

export function confirmReset(token: string, newPassword: string): Promise<User> {
  return withNewSession(`${AUTH}/password-reset/confirm`, { token, new_password: newPassword })
}
