/** A sentence in both languages Pauta speaks. */
export interface Said {
  en: string
  es: string
}

/** What a kind's email says: the headline, and optionally a quote (a comment, a reason). */
export interface KindText extends Said {
  quote?: string
}

/**
 * A notification's data read defensively: the table holds JSON that another server version
 * may have written differently, so every field may be missing.
 */
export class MailData {
  readonly #data: Record<string, unknown>
  constructor(data: unknown) {
    this.#data = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {}
  }

  /** A text field on one line (at most `max` characters), or '' when missing. */
  text(key: string, max = 140): string {
    const value = this.#data[key]
    if (typeof value !== 'string') return ''
    const flat = value.replace(/\s+/g, ' ').trim()
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
  }

  /** The card's title, quoted the way each language quotes. */
  get title(): Said {
    const title = this.text('title') || '…'
    return { en: `“${title}”`, es: `«${title}»` }
  }

  /** Who acted (`actorName`), or someone. */
  get actor(): Said {
    const name = this.text('actorName', 80)
    return { en: name || 'Someone', es: name || 'Alguien' }
  }
}

/**
 * What each kind of notification says by email. A kind not here gets the generic text
 * (`genericText`). Add a kind by adding its entry; `d` reads its data.
 */
export const KIND_TEXTS: Readonly<Record<string, (d: MailData) => KindText>> = {
  assigned: (d) => ({
    en: `${d.actor.en} assigned you ${d.title.en}`,
    es: `${d.actor.es} te asignó ${d.title.es}`,
  }),
  escalated: (d) => {
    const severity = d.text('severity', 20)
    const reason = d.text('reason', 500)
    return {
      en: `Escalation${severity ? ` ${severity}` : ''}: ${d.title.en}, raised by ${d.actor.en}`,
      es: `Escalamiento${severity ? ` ${severity}` : ''}: ${d.title.es}, de ${d.actor.es}`,
      ...(reason ? { quote: reason } : {}),
    }
  },
  resolved: (d) => {
    const resolution = d.text('resolution', 500)
    return {
      en: `${d.actor.en} resolved ${d.title.en}`,
      es: `${d.actor.es} resolvió ${d.title.es}`,
      ...(resolution ? { quote: resolution } : {}),
    }
  },
  'due-soon': (d) => ({
    en: `${d.title.en} goes out within the hour and is not published yet`,
    es: `${d.title.es} sale dentro de una hora y aún no está publicada`,
  }),
  'sla-soon': (d) => ({
    en: `SLA about to breach: ${d.title.en} needs an answer`,
    es: `SLA por vencer: ${d.title.es} requiere respuesta`,
  }),
  mentioned: (d) => {
    const excerpt = d.text('excerpt', 500)
    return {
      en: `${d.actor.en} mentioned you on ${d.title.en}`,
      es: `${d.actor.es} te mencionó en ${d.title.es}`,
      ...(excerpt ? { quote: excerpt } : {}),
    }
  },
  'review-requested': (d) => {
    const round = d.text('roundName') || '…'
    return {
      en: `${d.actor.en} asks for your review of “${round}”`,
      es: `${d.actor.es} te pide que revises «${round}»`,
    }
  },
  'review-decided': (d) => {
    const comment = d.text('comment', 500)
    const said =
      d.text('step') === 'changes'
        ? {
            en: `${d.actor.en} asked for changes on ${d.title.en}`,
            es: `${d.actor.es} pidió cambios en ${d.title.es}`,
          }
        : d.text('toState') === 'approved'
          ? { en: `${d.actor.en} approved ${d.title.en}`, es: `${d.actor.es} aprobó ${d.title.es}` }
          : {
              en: `${d.actor.en} approved ${d.title.en} for the team: now the client reviews it`,
              es: `${d.actor.es} aprobó ${d.title.es} por el equipo: ahora lo revisa el cliente`,
            }
    return { ...said, ...(comment ? { quote: comment } : {}) }
  },
  'review-waiting': (d) => {
    const round = d.text('roundName') || '…'
    return {
      en: `“${round}” is still waiting for review`,
      es: `«${round}» sigue esperando revisión`,
    }
  },
}

/** For a kind without its own text: news about the card, or just news. */
export function genericText(d: MailData): KindText {
  return d.text('title')
    ? { en: `News about ${d.title.en}`, es: `Novedades sobre ${d.title.es}` }
    : { en: 'You have a new notification', es: 'Tienes una notificación nueva' }
}

function shorten(line: string, max: number): string {
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}

/** The subject: both headlines, each cut short when together they would be long. */
function subjectOf(said: Said, max = 120): string {
  const both = `${said.en} · ${said.es}`
  if (both.length <= max) return both
  const half = Math.floor((max - 3) / 2)
  return `${shorten(said.en, half)} · ${shorten(said.es, half)}`
}

/**
 * The email of one notification: what happened (by `kind`, from `data`), on which board, and
 * the link that opens it; English first, then Spanish, in one plain-text email (Pauta keeps
 * no language per person). Unknown kinds and data of another shape get a generic text.
 */
export function notificationMailText(notification: {
  kind: string
  data: unknown
  boardName: string | null
  /** Where the board (and card) opens. */
  link: string
}): { subject: string; text: string } {
  const d = new MailData(notification.data)
  const said = (KIND_TEXTS[notification.kind] ?? genericText)(d)
  const board = notification.boardName?.replace(/\s+/g, ' ').trim() ?? ''
  const quote = said.quote ? ['', `  “${said.quote}”`] : []
  const part = (lang: 'en' | 'es') => {
    const where = board ? (lang === 'en' ? ` (board “${board}”)` : ` (tablero «${board}»)`) : ''
    const open = lang === 'en' ? 'Open it in Pauta' : 'Ábrelo en Pauta'
    return [`${said[lang]}${where}.`, ...quote, '', `${open}: ${notification.link}`]
  }
  const text = [
    ...part('en'),
    '',
    '—',
    '',
    ...part('es'),
    '',
    '-- ',
    'Pauta: you get this email for your notifications on this server; they are also under the bell in the app.',
    'Pauta: recibes este correo por tus notificaciones en este servidor; también están bajo la campana en la aplicación.',
    '',
  ].join('\n')
  return { subject: subjectOf(said), text }
}
