import {
  type ApprovalPolicy,
  type BoardSettings,
  boardSettingsSchema,
  MOVER_ROLES,
  type Mover,
  SEVERITIES,
  type Severity,
  STAGES,
  type Stage,
  type StageField,
  stageFieldSchema,
  type TransitionKey,
  transitionKey,
} from '@pauta/domain'

export type DurationUnit = 'minutes' | 'hours'

/** The settings page's state: every cell and input as the form holds it. */
export interface SettingsForm {
  /** every ordered pair of different stages, empty when nobody may make the move */
  transitions: Record<TransitionKey, Mover[]>
  requiredFields: Record<Stage, StageField[]>
  /** number inputs as typed; empty means no limit */
  wipLimits: Record<Stage, string>
  cmWipLimit: string
  sla: Record<Severity, { value: string; unit: DurationUnit }>
  /** [FIT3] a post enters calendar only with a copy that fits its network */
  copyMustFit: boolean
  /** [ALT1] a post enters calendar only when each of its images has alt text */
  imagesNeedAlt: boolean
  /** [APPR1] who approves posts before they are published; kept as the board has it */
  approval: ApprovalPolicy
}

export const STAGE_FIELDS: readonly StageField[] = stageFieldSchema.options

/** Where a form error belongs: a path like the server's (`rules.slaMinutes.high`). */
export type SettingsErrors = Partial<Record<string, string>>

export function allTransitions(): TransitionKey[] {
  return STAGES.flatMap((from) =>
    STAGES.filter((to) => to !== from).map((to) => transitionKey(from, to)),
  )
}

function orderedMovers(roles: readonly Mover[]): Mover[] {
  return MOVER_ROLES.filter((role) => roles.includes(role))
}

export function toSettingsForm(settings: BoardSettings): SettingsForm {
  const { rules } = settings
  const transitions = {} as Record<TransitionKey, Mover[]>
  for (const key of allTransitions()) transitions[key] = orderedMovers(rules.transitions[key] ?? [])
  const requiredFields = {} as Record<Stage, StageField[]>
  const wipLimits = {} as Record<Stage, string>
  for (const stage of STAGES) {
    requiredFields[stage] = [...(rules.requiredFields[stage] ?? [])]
    const limit = settings.wipLimits[stage]
    wipLimits[stage] = limit == null ? '' : String(limit)
  }
  const sla = {} as SettingsForm['sla']
  for (const severity of SEVERITIES) {
    const minutes = rules.slaMinutes[severity]
    sla[severity] =
      minutes % 60 === 0
        ? { value: String(minutes / 60), unit: 'hours' }
        : { value: String(minutes), unit: 'minutes' }
  }
  return {
    transitions,
    requiredFields,
    wipLimits,
    cmWipLimit: rules.cmWipLimit == null ? '' : String(rules.cmWipLimit),
    sla,
    copyMustFit: rules.copyMustFit,
    imagesNeedAlt: rules.imagesNeedAlt,
    approval: rules.approval,
  }
}

/** A number input's text: empty → null, a number → it, anything else → NaN (the schema says why). */
function parseOptional(text: string): number | null {
  const trimmed = text.trim()
  return trimmed === '' ? null : Number(trimmed)
}

/**
 * The form as the body of `boards.updateSettings`, validated with the same
 * `boardSettingsSchema` the server applies; errors are keyed by path
 * (`wipLimits.plan`, `rules.cmWipLimit`, `rules.slaMinutes.high`).
 */
export function fromSettingsForm(
  form: SettingsForm,
): { ok: true; settings: BoardSettings } | { ok: false; errors: SettingsErrors } {
  const transitions: Partial<Record<TransitionKey, Mover[]>> = {}
  for (const key of allTransitions()) {
    const movers = orderedMovers(form.transitions[key] ?? [])
    if (movers.length > 0) transitions[key] = movers
  }
  const requiredFields: Partial<Record<Stage, StageField[]>> = {}
  const wipLimits: Partial<Record<Stage, number | null>> = {}
  for (const stage of STAGES) {
    const fields = form.requiredFields[stage] ?? []
    if (fields.length > 0) requiredFields[stage] = [...fields]
    const limit = parseOptional(form.wipLimits[stage] ?? '')
    if (limit !== null) wipLimits[stage] = limit
  }
  const slaMinutes = {} as Record<Severity, number>
  for (const severity of SEVERITIES) {
    const { value, unit } = form.sla[severity]
    const amount = value.trim() === '' ? Number.NaN : Number(value)
    slaMinutes[severity] = unit === 'hours' ? Math.round(amount * 60) : amount
  }
  const candidate = {
    wipLimits,
    rules: {
      transitions,
      requiredFields,
      cmWipLimit: parseOptional(form.cmWipLimit),
      slaMinutes,
      copyMustFit: form.copyMustFit,
      imagesNeedAlt: form.imagesNeedAlt,
      approval: form.approval,
    },
  }
  const parsed = boardSettingsSchema.safeParse(candidate)
  if (parsed.success) return { ok: true, settings: parsed.data }
  const errors: SettingsErrors = {}
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.')
    errors[path] ??= issue.message
  }
  return { ok: false, errors }
}

export function toggleMover(form: SettingsForm, key: TransitionKey, role: Mover): SettingsForm {
  const current = form.transitions[key] ?? []
  const next = current.includes(role) ? current.filter((r) => r !== role) : [...current, role]
  return { ...form, transitions: { ...form.transitions, [key]: orderedMovers(next) } }
}

export function toggleRequired(form: SettingsForm, stage: Stage, field: StageField): SettingsForm {
  const current = form.requiredFields[stage] ?? []
  const next = current.includes(field) ? current.filter((f) => f !== field) : [...current, field]
  return {
    ...form,
    requiredFields: { ...form.requiredFields, [stage]: next },
  }
}
