import type { Role } from '@pauta/domain'

/** The roles as the app names them, in English and in Spanish. */
const ROLE_NAMES: Record<Role, { en: string; es: string }> = {
  strategist: { en: 'Strategist', es: 'Estratega' },
  manager: { en: 'Social Media Manager', es: 'Social Media Manager' },
  cm: { en: 'Community Manager', es: 'Community Manager' },
  client: { en: 'Client', es: 'Cliente' },
}

/** One line of names people wrote (a workspace, a person): no line breaks, not too long. */
function oneLine(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/** A moment on the workspace's clock, e.g. "March 16, 2026 at 9:00 AM (Europe/Madrid)". */
function when(iso: string, timeZone: string, locale: 'en' | 'es'): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: zone })
  try {
    return `${format(timeZone).format(new Date(iso))} (${timeZone})`
  } catch {
    return `${format('UTC').format(new Date(iso))} (UTC)`
  }
}

/**
 * The email an invitation for an address sends: who invites, to which workspace, with which
 * roles, the link and until when it works; English first, then Spanish (Pauta keeps no
 * language per person).
 */
export function invitationEmail(input: {
  inviterName: string
  workspaceName: string
  roles: readonly Role[]
  url: string
  expiresAt: string
  /** The workspace's zone, for the expiry. */
  timeZone: string
}): { subject: string; text: string } {
  const who = oneLine(input.inviterName) || 'Someone'
  const whoEs = oneLine(input.inviterName) || 'Alguien'
  const workspace = oneLine(input.workspaceName)
  const roles = (lang: 'en' | 'es') => input.roles.map((role) => ROLE_NAMES[role][lang]).join(', ')
  const subject = `${who} invited you to “${workspace}” on Pauta · ${whoEs} te invitó a «${workspace}» en Pauta`
  const text = [
    `${who} invited you to join “${workspace}” on Pauta, the team's content board, as ${roles('en')}.`,
    '',
    `Accept the invitation: ${input.url}`,
    '',
    `The link works until ${when(input.expiresAt, input.timeZone, 'en')}. If you don't know what this is about, ignore this email.`,
    '',
    '—',
    '',
    `${whoEs} te invitó a unirte a «${workspace}» en Pauta, el tablero de contenidos del equipo, como ${roles('es')}.`,
    '',
    `Acepta la invitación: ${input.url}`,
    '',
    `El enlace funciona hasta el ${when(input.expiresAt, input.timeZone, 'es')}. Si no sabes de qué se trata, ignora este correo.`,
    '',
  ].join('\n')
  return { subject, text }
}
