import { createContext, useContext } from 'react'

/** The signed-in person, as `auth.me` returns them. */
export interface Me {
  id: string
  name: string
  email: string
}

export const MeContext = createContext<Me | null>(null)

/** The signed-in person; only for pages behind the sign-in gate. */
export function useMe(): Me {
  const me = useContext(MeContext)
  if (!me) throw new Error('useMe outside the signed-in app')
  return me
}
