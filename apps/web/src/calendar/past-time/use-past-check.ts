import { useState } from 'react'
import { isPast } from './past-time.ts'

/**
 * A form that sets a post's time asks once before it writes a time that has passed: the first
 * submit with such a time warns (`warned` holds it), a second with the same time writes.
 */
export function usePastCheck(): {
  warned: string | null
  mayWrite: (iso: string | null | undefined) => boolean
} {
  const [warned, setWarned] = useState<string | null>(null)
  const mayWrite = (iso: string | null | undefined) => {
    if (!iso || !isPast(iso, new Date()) || warned === iso) return true
    setWarned(iso)
    return false
  }
  return { warned, mayWrite }
}
