import type { AnchorHTMLAttributes } from 'react'
import { followLink } from './router.ts'

export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  return <a {...rest} href={to} onClick={followLink} />
}
