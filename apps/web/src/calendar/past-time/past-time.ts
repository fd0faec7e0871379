/**
 * Whether a time a person is about to give a post has already passed: the calendar and the
 * move dialog ask them to confirm such a time before they write it (the rules allow it: a
 * post may be scheduled late, and then shows as overdue).
 */
export function isPast(iso: string | null | undefined, now: Date): boolean {
  if (!iso) return false
  const at = Date.parse(iso)
  return !Number.isNaN(at) && at < now.getTime()
}
