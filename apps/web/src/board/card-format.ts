/** Up to two initials for an avatar: "Ana María Pérez" → "AP". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  const first = words[0]?.[0] ?? '?'
  const last = words.length > 1 ? (words.at(-1)?.[0] ?? '') : ''
  return (first + last).toUpperCase()
}

/**
 * A stable colour for someone the server gave none (members in the assignee chip). One
 * perceptual lightness for every hue, so white initials read at 5.3:1 or more on all of them.
 */
export function colorFor(id: string): string {
  let hash = 0
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0
  return `oklch(50% 0.12 ${Math.abs(hash) % 360})`
}
