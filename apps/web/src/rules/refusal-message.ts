import type {
  BoardRules,
  CardField,
  CopyProblem,
  Mover,
  Refusal,
  Role,
  StageField,
} from '@pauta/domain'
import { TAKE_BACK_MS, transitionKey } from '@pauta/domain'

/** The app's `t`, narrowed to what these messages need. */
export type Translate = (key: string, values?: Record<string, unknown>) => string

/** "strategist or manager" / "estratega o manager", in the reader's language. */
export function roleList(roles: readonly Role[], t: Translate, language: string): string {
  const nouns = roles.map((role) => t(`roleNouns.${role}`))
  return new Intl.ListFormat(language, { type: 'disjunction' }).format(nouns)
}

export function fieldList(
  fields: readonly (CardField | StageField)[],
  t: Translate,
  language: string,
): string {
  return new Intl.ListFormat(language, { type: 'conjunction', style: 'long' }).format(
    fields.map((field) => t(`fieldNouns.${field}`)),
  )
}

/** "281 of 280 characters and 31 of 30 hashtags", in the reader's language and numbers. */
export function copyProblemList(
  problems: readonly CopyProblem[],
  t: Translate,
  language: string,
): string {
  const number = new Intl.NumberFormat(language)
  return new Intl.ListFormat(language, { type: 'conjunction', style: 'long' }).format(
    problems.map(({ measure, count, max }) =>
      t(`copyFit.${measure}`, { figure: number.format(count), max: number.format(max) }),
    ),
  )
}

/**
 * A refusal (the server's close reason, or the same judgement made locally) as a sentence
 * in the reader's language. `rules` lets a refused move say who may make it; `null` is a
 * reason the client could not read.
 */
export function refusalMessage(
  refusal: Refusal | null,
  t: Translate,
  language: string,
  rules?: BoardRules,
): string {
  if (!refusal) return t('refusal.unknown')
  switch (refusal.code) {
    case 'read-only':
      return t('refusal.readOnly')
    case 'not-allowed-move': {
      const from = t(`stages.${refusal.from}`)
      const to = t(`stages.${refusal.to}`)
      const movers: readonly Mover[] =
        rules?.transitions[transitionKey(refusal.from, refusal.to)] ?? []
      if (rules && movers.length === 0) return t('refusal.notAllowedMoveNobody', { from, to })
      if (movers.length === 0) return t('refusal.notAllowedMoveYou', { from, to })
      return t('refusal.notAllowedMove', { roles: roleList(movers, t, language), from, to })
    }
    case 'not-assignee':
      return t('refusal.notAssignee')
    case 'missing-fields':
      return t('refusal.missingFields', {
        stage: t(`stages.${refusal.stage}`),
        fields: fieldList(refusal.fields, t, language),
      })
    case 'resolution-note':
      return t('refusal.resolutionNote')
    case 'not-allowed-create':
      return refusal.stage === 'strategy'
        ? t('refusal.readOnly')
        : t('refusal.notAllowedCreate', { stage: t(`stages.${refusal.stage}`) })
    case 'not-allowed-field':
      if (refusal.field === 'assigneeId') return t('refusal.notAllowedAssign')
      if (refusal.field === 'severity') return t('refusal.severityDown')
      if (refusal.field === 'escalatedAt') return t('refusal.escalatedAt')
      return t('refusal.notAllowedField', {
        field: t(`fieldNouns.${refusal.field}`, { defaultValue: refusal.field }),
      })
    case 'archive':
      return t('refusal.archive')
    case 'invalid':
      return t('refusal.invalid', { detail: refusal.detail })
    case 'board-full':
      return t('refusal.boardFull')
    case 'client-id-taken':
      return t('refusal.clientIdTaken')
    case 'take-back-late':
      return t('undo.takeBackLate', { minutes: TAKE_BACK_MS / 60_000 })
    case 'copy-does-not-fit':
      return t('refusal.copyDoesNotFit', {
        network: t(`networks.${refusal.network}`),
        problems: copyProblemList(refusal.problems, t, language),
        stage: t('stages.calendar'),
      })
    case 'missing-alt':
      return t('refusal.missingAlt', { count: refusal.images, stage: t('stages.calendar') })
    case 'not-approved':
      return t('refusal.notApproved', { stage: t('stages.published') })
  }
}
