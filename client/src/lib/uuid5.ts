// RFC 4122 name-based UUIDs (version 5, SHA-1), the same as Python's uuid.uuid5.
//
// Some records have one right id that every device must agree on without asking the server:
// a person's "evening_recap" reminder (server/reminders/kinds.py) or their intention for a day.
// Each device computes the id from the namespace and a name, so two devices writing offline
// edit the same record instead of creating two.

export async function uuid5(namespace: string, name: string): Promise<string> {
  const ns = hexBytes(namespace.replace(/-/g, ''))
  const text = new TextEncoder().encode(name)
  const input = new Uint8Array(ns.length + text.length)
  input.set(ns)
  input.set(text, ns.length)
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', input))
  const bytes = hash.slice(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50 // version 5
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80 // RFC 4122 variant
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function hexBytes(hex: string): Uint8Array {
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`not a UUID: ${hex}`)
  const bytes = new Uint8Array(16)
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return bytes
}
