/** The link form as typed: every field a string. */
export interface LinkForm {
  /** for whom: "Ana (client)" */
  label: string
  email: string
  pin: string
  days: string
}

/** A new link's form: valid for two weeks, no email, no PIN. */
export const NEW_LINK: LinkForm = Object.freeze({ label: '', email: '', pin: '', days: '14' })

export type LinkProblem = 'label' | 'email' | 'pin' | 'days'

/** What the server is asked to make, from the form; the first field at fault otherwise. */
export function linkForm(
  form: LinkForm,
):
  | { ok: true; link: { label: string; email: string | null; pin: string | null; days: number } }
  | { ok: false; problem: LinkProblem } {
  const label = form.label.trim()
  if (label === '' || label.length > 80) return { ok: false, problem: 'label' }
  const email = form.email.trim()
  if (email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    return { ok: false, problem: 'email' }
  const pin = form.pin.trim()
  if (pin !== '' && !/^\d{4,12}$/.test(pin)) return { ok: false, problem: 'pin' }
  const days = Number(form.days.trim())
  if (!/^\d+$/.test(form.days.trim()) || days < 1 || days > 60)
    return { ok: false, problem: 'days' }
  return { ok: true, link: { label, email: email || null, pin: pin || null, days } }
}

/** How a link stands at `now`: revoked, past its date, locked by wrong PINs, or working. */
export function linkStatus(
  link: { revokedAt: string | null; expiresAt: string; lockedUntil: string | null },
  now: number,
): 'active' | 'expired' | 'revoked' | 'locked' {
  if (link.revokedAt) return 'revoked'
  if (Date.parse(link.expiresAt) <= now) return 'expired'
  return link.lockedUntil && Date.parse(link.lockedUntil) > now ? 'locked' : 'active'
}
