import { dayKeyOf } from '@pauta/domain'
import { useEffect, useState } from 'react'

const CHECK_MS = 60_000

/** Today in the workspace's zone ('YYYY-MM-DD'); re-renders only when the day turns. */
export function useToday(timeZone: string): string {
  const [today, setToday] = useState(() => dayKeyOf(new Date(), timeZone))
  useEffect(() => {
    const check = () => setToday(dayKeyOf(new Date(), timeZone))
    check()
    const timer = setInterval(check, CHECK_MS)
    return () => clearInterval(timer)
  }, [timeZone])
  return today
}
