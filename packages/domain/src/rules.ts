import {
  afterYes,
  approvalPolicySchema,
  firstReviewer,
  NO_APPROVAL,
  needsApproval,
} from './approval.ts'
import type { Card, CardField, Network, StageField } from './card.ts'
import { networkSchema, SEVERITIES, type Severity, stageFieldSchema } from './card.ts'
import { COPY_MEASURES, type CopyProblem, copyProblems } from './network-limits.ts'
import { canEdit, isCm, isLead, type Role } from './roles.ts'
import { STAGES, type Stage, stageIndex, stageSchema } from './stages.ts'
import { ARCHIVE_STAMP_FIELDS, MOVE_STAMP_FIELDS, serverStampField, takeBack } from './take-back.ts'
import { z } from './zod.ts'

/** The roles that may move cards: a client changes nothing. */
export const MOVER_ROLES = ['strategist', 'manager', 'cm'] as const
const moverSchema = z.enum(MOVER_ROLES)
export type Mover = z.infer<typeof moverSchema>

export type TransitionKey = `${Stage}>${Stage}`
export function transitionKey(from: Stage, to: Stage): TransitionKey {
  return `${from}>${to}`
}
const transitionKeySchema = z.custom<TransitionKey>((value) => {
  if (typeof value !== 'string') return false
  const [from, to, rest] = value.split('>')
  return (
    rest === undefined &&
    stageSchema.safeParse(from).success &&
    stageSchema.safeParse(to).success &&
    from !== to
  )
}, 'a transition is written "<from>><to>" with two different stages')

const minutes = z.number().check(z.int(), z.minimum(1), z.maximum(60 * 24 * 90))

/**
 * [RULES1] A board's workflow rules, kept in its settings; its strategist edits them.
 * - transitions: for each move between two stages, the roles that may make it. A
 *   community manager may use a transition only on cards assigned to them.
 * - requiredFields: what a card must hold before it enters a stage.
 * - wipLimits: cards per stage, and active cards per community manager; going past a limit
 *   is allowed, shown and counted.
 * - slaMinutes: how soon an escalation of each severity must be answered.
 * - copyMustFit: [FIT3] a post enters calendar only with a copy its network takes (off unless
 *   set; rules stored before it existed read as off).
 * - imagesNeedAlt: [ALT1] a post enters calendar only when each of its images has alt text
 *   (off unless set, like copyMustFit).
 * - approval: [APPR1] who approves posts before they are published (nobody unless set).
 */
export const boardRulesSchema = z.object({
  transitions: z.partialRecord(transitionKeySchema, z.array(moverSchema).check(z.maxLength(3))),
  requiredFields: z.partialRecord(stageSchema, z.array(stageFieldSchema).check(z.maxLength(10))),
  cmWipLimit: z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(1000))),
  slaMinutes: z.record(z.enum(SEVERITIES), minutes),
  copyMustFit: z._default(z.boolean(), false),
  imagesNeedAlt: z._default(z.boolean(), false),
  approval: z._default(approvalPolicySchema, NO_APPROVAL),
})
export type BoardRules = z.infer<typeof boardRulesSchema>

const BACKWARD_MOVERS: Mover[] = ['strategist', 'manager']

function defaultTransitions(): BoardRules['transitions'] {
  const transitions: BoardRules['transitions'] = {}
  // [TRANS2] Any move backwards is rework: a manager's or strategist's call.
  for (const from of STAGES) {
    for (const to of STAGES) {
      if (stageIndex(to) < stageIndex(from)) transitions[transitionKey(from, to)] = BACKWARD_MOVERS
    }
  }
  Object.assign(transitions, {
    'strategy>plan': ['strategist', 'manager'],
    'plan>calendar': ['strategist', 'manager'],
    'calendar>published': ['manager', 'cm'],
    'published>monitored': ['manager', 'cm'],
    'published>escalated': ['manager', 'cm'],
    'monitored>escalated': ['manager', 'cm'],
  } satisfies BoardRules['transitions'])
  return transitions
}

/** The default rules, how such teams work: moves [TRANS2], required fields [REQ2], SLA [SLA1]. */
export const DEFAULT_RULES: BoardRules = {
  transitions: defaultTransitions(),
  requiredFields: {
    strategy: ['title'],
    calendar: ['scheduledAt', 'network', 'assigneeId'],
    published: ['publishedAt'],
    escalated: ['escalationReason', 'severity'],
  },
  cmWipLimit: null,
  slaMinutes: { low: 48 * 60, medium: 24 * 60, high: 4 * 60, crisis: 60 },
  copyMustFit: false,
  imagesNeedAlt: false,
  approval: NO_APPROVAL,
}

export function slaMinutes(rules: BoardRules, severity: Severity): number {
  return rules.slaMinutes[severity]
}

/** Who is acting: their id and the roles they hold in the board's workspace. */
export interface Actor {
  id: string
  roles: readonly Role[]
  /**
   * [APPR5] The change comes from one of the server's own commands run on this person's
   * behalf (a review decision), never from a socket: only such a change writes approvals.
   */
  server?: boolean
}

/** Why something is refused; the UI translates the code, the server sends it as a close reason. */
export type Refusal =
  | { code: 'read-only' }
  | { code: 'not-allowed-move'; from: Stage; to: Stage }
  | { code: 'not-assignee' }
  | { code: 'missing-fields'; stage: Stage; fields: StageField[] }
  | { code: 'resolution-note' }
  | { code: 'not-allowed-create'; stage: Stage }
  | { code: 'not-allowed-field'; field: CardField }
  | { code: 'archive' }
  /**
   * Input that cannot be written. `field`, when known, is the input field at fault and
   * `problem` what is wrong with it, for a form to point at.
   */
  | { code: 'invalid'; detail: string; field?: string; problem?: InputProblem }
  /** The board document reached its size cap; archive or move cards to another board. */
  | { code: 'board-full' }
  /** The change was written with a Yjs client id that belongs to another person on this board. */
  | { code: 'client-id-taken' }
  /** [BACK1] A take-back of one's own move, past the time allowed for it. */
  | { code: 'take-back-late' }
  /** [FIT3] The copy passes its network's limits, and the board wants it to fit for calendar. */
  | { code: 'copy-does-not-fit'; network: Network; problems: CopyProblem[] }
  /** [ALT1] This many of the post's images have no alt text, and the board wants it for calendar. */
  | { code: 'missing-alt'; images: number }
  /** [APPR6] The board's policy wants the post approved before it is published. */
  | { code: 'not-approved' }

/** What is wrong with one input field: empty where something is needed, too long, or unreadable. */
export type InputProblem = 'required' | 'too-long' | 'format'

export type Verdict = { ok: true } | { ok: false; refusal: Refusal }
const OK: Verdict = { ok: true }
const refuse = (refusal: Refusal): Verdict => ({ ok: false, refusal })

function filled(card: Card, field: StageField): boolean {
  const value = card[field]
  if (value === null || value === undefined) return false
  if (typeof value === 'string') return value.trim().length > 0
  if (Array.isArray(value)) return value.length > 0
  return true
}

/** [REQ1] The fields `stage` demands that `card` lacks. */
export function missingFields(card: Card, stage: Stage, rules: BoardRules): StageField[] {
  return (rules.requiredFields[stage] ?? []).filter((field) => !filled(card, field))
}

/**
 * [FIT3] Why `card` may not be in `stage` for its copy: on a board whose rules want the copy
 * to fit, a card entering calendar with a copy past its network's limits. Null when it may.
 */
export function copyFitRefusal(card: Card, stage: Stage, rules: BoardRules): Refusal | null {
  if (!rules.copyMustFit || stage !== 'calendar' || card.network === null) return null
  const problems = copyProblems(card.copy, card.network)
  return problems.length > 0 ? { code: 'copy-does-not-fit', network: card.network, problems } : null
}

/**
 * [ALT1] Why `card` may not be in `stage` for its images: on a board whose rules want alt
 * text, a card entering calendar with an image that has none. Null when it may.
 */
export function altTextRefusal(card: Card, stage: Stage, rules: BoardRules): Refusal | null {
  if (!rules.imagesNeedAlt || stage !== 'calendar') return null
  const images = card.media.filter((item) => item.kind === 'image' && item.alt.trim() === '')
  return images.length > 0 ? { code: 'missing-alt', images: images.length } : null
}

/**
 * [APPR6] Why `card` may not be published yet: the board's policy asks for its approval
 * and it is not approved. Null when it may.
 */
export function approvalRefusal(card: Card, stage: Stage, rules: BoardRules): Refusal | null {
  if (stage !== 'published' || card.approval === 'approved') return null
  return needsApproval(card, rules.approval) ? { code: 'not-approved' } : null
}

/**
 * [FIT3] [ALT1] [APPR6] What the board asks of the post itself to enter `stage`, past its
 * required fields: a copy that fits its network, images described, approval. Null when it may.
 */
export function postRefusal(card: Card, stage: Stage, rules: BoardRules): Refusal | null {
  return (
    copyFitRefusal(card, stage, rules) ??
    altTextRefusal(card, stage, rules) ??
    approvalRefusal(card, stage, rules)
  )
}

/** [APPR5] The fields only a review decision writes (and the server, resetting one). */
const APPROVAL_FIELDS: readonly CardField[] = ['approval', 'reviewer', 'approvalNote']

/**
 * [APPR3] [APPR5] A review step, made through the server's own command: a lead sends a post
 * for review; whoever it waits for (the team: a manager or strategist; the client: a client
 * member) approves it or asks for changes. Nothing else changes in the same step.
 */
function judgeDecision(actor: Actor, before: Card, after: Card, rules: BoardRules): Verdict {
  const denied = refuse({ code: 'not-allowed-field', field: 'approval' })
  const others = (Object.keys(after) as CardField[]).filter(
    (field) =>
      !APPROVAL_FIELDS.includes(field) &&
      JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  )
  if (!actor.server || others.length > 0 || !needsApproval(before, rules.approval)) return denied
  const policy = rules.approval.policy
  if (after.approvalNote !== null) return denied
  if (before.approval === 'draft' || before.approval === 'changes-requested') {
    const sending = after.approval === 'in-review' && after.reviewer === firstReviewer(policy)
    return sending && isLead(actor.roles) ? OK : denied
  }
  if (before.approval !== 'in-review' || before.reviewer === null) return denied
  const theirs = before.reviewer === 'team' ? isLead(actor.roles) : actor.roles.includes('client')
  if (!theirs) return denied
  const yes = afterYes(policy, before.reviewer)
  const approving = after.approval === yes.approval && after.reviewer === yes.reviewer
  const asking = after.approval === 'changes-requested' && after.reviewer === null
  return approving || asking ? OK : denied
}

/** [RIGHTS1] Whether the actor may edit this card's fields (not its stage). */
export function canEditCard(actor: Actor, card: Card): boolean {
  if (isLead(actor.roles)) return true
  return isCm(actor.roles) && card.assigneeId === actor.id
}

/** [TAKE1] A community manager may take an unassigned card in calendar. */
export function canTakeCard(actor: Actor, card: Card): boolean {
  return (
    isCm(actor.roles) && card.stage === 'calendar' && card.assigneeId === null && !card.archived
  )
}

/**
 * Whether the actor's roles allow this move at all (before looking at the card's fields):
 * [TRANS1] the roles the rules name, [TRANS3] a community manager on their own cards only,
 * [TRANS4] a move within a stage is an edit.
 */
export function checkMove(actor: Actor, card: Card, to: Stage, rules: BoardRules): Verdict {
  if (card.stage === to) return canEditCard(actor, card) ? OK : refuse(denyEdit(actor))
  const movers = rules.transitions[transitionKey(card.stage, to)] ?? []
  if (actor.roles.some((role) => role !== 'cm' && movers.includes(role as Mover))) return OK
  if (movers.includes('cm') && isCm(actor.roles)) {
    return card.assigneeId === actor.id ? OK : refuse({ code: 'not-assignee' })
  }
  if (!canEdit(actor.roles)) return refuse({ code: 'read-only' })
  return refuse({ code: 'not-allowed-move', from: card.stage, to })
}

/** [CREATE1] Anyone but a client proposes an idea; only a lead creates further on. */
export function canCreateIn(actor: Actor, stage: Stage): boolean {
  if (stage === 'strategy') return canEdit(actor.roles)
  return isLead(actor.roles)
}

function denyEdit(actor: Actor): Refusal {
  return !canEdit(actor.roles) ? { code: 'read-only' } : { code: 'not-assignee' }
}

/** Higher is more urgent; no severity is the least. */
function severityRank(severity: Severity | null): number {
  return severity === null ? -1 : SEVERITIES.indexOf(severity)
}

/** The stamp fields a new card must hold empty ([STAMP2], [STAMP3]). */
const CARD_STAMPS = [...MOVE_STAMP_FIELDS, ...ARCHIVE_STAMP_FIELDS]

/** [RIGHTS2] Fields nobody changes once a card exists. */
const IMMUTABLE: CardField[] = ['id', 'createdAt', 'createdBy']

/**
 * Judges one card's change, as the server sees it after applying a client's update to a
 * shadow copy: `before` is the card as stored (null when the change creates it), `after` as
 * it would be, at `now` (the server's clock; a take-back's time runs by it, [BACK1]). The
 * same function serves the interface, which offers only what passes.
 */
export function judgeCardChange(
  actor: Actor,
  before: Card | null,
  after: Card,
  rules: BoardRules,
  now: Date = new Date(),
): Verdict {
  if (!canEdit(actor.roles)) {
    // [APPR5] a client answers a review, through the server, and changes nothing else
    if (actor.server && before !== null) return judgeDecision(actor, before, after, rules)
    return refuse({ code: 'read-only' }) // [ROLE3]
  }

  // [CREATE1] [CREATE2]
  if (before === null) {
    if (!canCreateIn(actor, after.stage))
      return refuse({ code: 'not-allowed-create', stage: after.stage })
    if (after.createdBy !== actor.id)
      return refuse({ code: 'not-allowed-field', field: 'createdBy' })
    if (after.archived) return refuse({ code: 'archive' })
    // [STAMP2] [STAMP3] A new card carries no stamp: the server writes them.
    const stamped = CARD_STAMPS.find((field) => after[field] !== null)
    if (stamped) return refuse({ code: 'not-allowed-field', field: stamped })
    // [APPR5] a new post is a draft: approvals come from review decisions
    if (after.approval !== 'draft' || after.reviewer !== null || after.approvalNote !== null)
      return refuse({ code: 'not-allowed-field', field: 'approval' })
    const missing = missingFields(after, after.stage, rules)
    if (missing.length > 0)
      return refuse({ code: 'missing-fields', stage: after.stage, fields: missing })
    const unfit = postRefusal(after, after.stage, rules)
    return unfit ? refuse(unfit) : OK
  }

  const changed = (Object.keys(after) as CardField[]).filter(
    (field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]),
  )
  if (changed.length === 0) return OK
  const immutable = changed.find((field) => IMMUTABLE.includes(field))
  if (immutable) return refuse({ code: 'not-allowed-field', field: immutable })
  if (changed.some((field) => APPROVAL_FIELDS.includes(field)))
    return judgeDecision(actor, before, after, rules)

  // [ARCH1]
  if (changed.includes('archived') && !isLead(actor.roles)) return refuse({ code: 'archive' })
  if (changed.includes('monitoring')) {
    const notes = judgeMonitoring(actor, before, after)
    if (!notes.ok) return notes
  }
  // [ESC1] The SLA runs from escalatedAt: every escalation writes a fresh one in the same
  // change (and the server replaces it with its own clock), and nothing else ever moves it.
  const escalating = after.stage === 'escalated' && before.stage !== 'escalated'
  if (escalating && (after.escalatedAt === null || after.escalatedAt === before.escalatedAt)) {
    return refuse({ code: 'invalid', detail: 'an escalation needs escalatedAt' })
  }
  if (!escalating && changed.includes('escalatedAt'))
    return refuse({ code: 'not-allowed-field', field: 'escalatedAt' })
  // [STAMP2] [STAMP3] Who moved or archived a card last, from where and when: the server's to
  // write, nobody else's.
  const stamp = serverStampField(changed)
  if (stamp) return refuse({ code: 'not-allowed-field', field: stamp })
  // [ESC2] The person the SLA measures does not make it easier: on an open escalation a
  // community manager may raise the severity, and only a manager or strategist may lower it.
  if (
    before.stage === 'escalated' &&
    after.stage === 'escalated' &&
    !isLead(actor.roles) &&
    severityRank(after.severity) < severityRank(before.severity)
  ) {
    return refuse({ code: 'not-allowed-field', field: 'severity' })
  }

  // [RIGHTS3] [TAKE1] A community manager taking an unassigned calendar post: the
  // assignment, nothing else.
  if (!isLead(actor.roles) && before.assigneeId !== after.assigneeId) {
    const taking = canTakeCard(actor, before) && after.assigneeId === actor.id
    if (!taking) return refuse({ code: 'not-allowed-field', field: 'assigneeId' })
    const others = changed.filter((field) => field !== 'assigneeId')
    if (others.length > 0)
      return judgeCardChange(actor, { ...before, assigneeId: actor.id }, after, rules, now)
    return OK
  }

  // [TRANS5] [TRANS6]
  if (before.stage !== after.stage) {
    const move = checkMove(actor, before, after.stage, rules)
    if (!move.ok) {
      // [BACK1] A person may take back their own move for a while, whatever the rules say.
      const back = canEditCard(actor, before)
        ? takeBack(actor.id, before, after, changed, now)
        : 'no'
      if (back === 'late') return refuse({ code: 'take-back-late' })
      if (back === 'no') return move
    }
    const missing = missingFields(after, after.stage, rules)
    if (missing.length > 0)
      return refuse({ code: 'missing-fields', stage: after.stage, fields: missing })
    const unfit = postRefusal(after, after.stage, rules)
    if (unfit) return refuse(unfit)
    if (
      before.stage === 'escalated' &&
      !(after.resolutionNote && after.resolutionNote !== before.resolutionNote)
    ) {
      return refuse({ code: 'resolution-note' })
    }
    return OK
  }

  // [REQ3] [TAKE2] Same stage: edits (and reordering) by someone who may edit the card; the
  // stage's own required fields may not be emptied, except that a manager or strategist may
  // release a calendar post to the pool (no assignee) for a community manager to take.
  if (!canEditCard(actor, before)) return refuse(denyEdit(actor))
  const releasing = (field: StageField) => field === 'assigneeId' && after.stage === 'calendar'
  const missing = missingFields(after, after.stage, rules).filter(
    (field) => filled(before, field) && !releasing(field),
  )
  return missing.length > 0
    ? refuse({ code: 'missing-fields', stage: after.stage, fields: missing })
    : OK
}

/**
 * [NOTE1] Monitoring notes are a log: a change may only append, and each new note is signed
 * by whoever writes it.
 */
function judgeMonitoring(actor: Actor, before: Card, after: Card): Verdict {
  const kept = before.monitoring
  const prefix = after.monitoring.slice(0, kept.length)
  if (JSON.stringify(prefix) !== JSON.stringify(kept))
    return refuse({ code: 'not-allowed-field', field: 'monitoring' })
  if (after.monitoring.slice(kept.length).some((note) => note.by !== actor.id))
    return refuse({ code: 'not-allowed-field', field: 'monitoring' })
  return OK
}

/**
 * [REFUSE1] A refusal as a short machine-readable string
 * ("missing-fields:calendar:network,assigneeId"), small enough for a WebSocket close reason
 * (123 bytes); the client decodes and translates it.
 */
export function encodeRefusal(refusal: Refusal): string {
  switch (refusal.code) {
    case 'not-allowed-move':
      return `${refusal.code}:${refusal.from}:${refusal.to}`
    case 'missing-fields':
      return `${refusal.code}:${refusal.stage}:${refusal.fields.join(',')}`
    case 'not-allowed-create':
      return `${refusal.code}:${refusal.stage}`
    case 'not-allowed-field':
      return `${refusal.code}:${refusal.field}`
    case 'invalid':
      return `${refusal.code}:${refusal.detail.replace(/[^\x20-\x7e]/g, '?')}`.slice(0, 120)
    case 'copy-does-not-fit':
      // "copy-does-not-fit:x:characters=281/280,hashtags=31/30" (at most four measures)
      return `${refusal.code}:${refusal.network}:${refusal.problems
        .map((p) => `${p.measure}=${p.count}/${p.max}`)
        .join(',')}`
    case 'missing-alt':
      return `${refusal.code}:${refusal.images}`
    default:
      return refusal.code
  }
}

export function decodeRefusal(text: string): Refusal | null {
  const [code, a = '', b = ''] = text.split(':')
  const stage = stageSchema.safeParse(a)
  switch (code) {
    case 'read-only':
    case 'not-assignee':
    case 'resolution-note':
    case 'archive':
    case 'board-full':
    case 'client-id-taken':
    case 'take-back-late':
    case 'not-approved':
      return { code }
    case 'not-allowed-move': {
      const to = stageSchema.safeParse(b)
      return stage.success && to.success ? { code, from: stage.data, to: to.data } : null
    }
    case 'missing-fields': {
      const fields = z.array(stageFieldSchema).safeParse(b.split(','))
      return stage.success && fields.success
        ? { code, stage: stage.data, fields: fields.data }
        : null
    }
    case 'not-allowed-create':
      return stage.success ? { code, stage: stage.data } : null
    case 'not-allowed-field':
      return a ? { code, field: a as CardField } : null
    case 'invalid':
      return { code, detail: text.slice('invalid:'.length) }
    case 'copy-does-not-fit': {
      const network = networkSchema.safeParse(a)
      const problems = b.split(',').map(decodeCopyProblem)
      if (!network.success || problems.some((p) => p === null)) return null
      return { code, network: network.data, problems: problems as CopyProblem[] }
    }
    case 'missing-alt':
      return countText.test(a) && Number(a) > 0 ? { code, images: Number(a) } : null
    default:
      return null
  }
}

const countText = /^(0|[1-9][0-9]{0,11})$/

function decodeCopyProblem(text: string): CopyProblem | null {
  const [measure = '', figures = ''] = text.split('=')
  const [count = '', max = ''] = figures.split('/')
  if (!(COPY_MEASURES as readonly string[]).includes(measure)) return null
  if (!countText.test(count) || !countText.test(max)) return null
  return { measure: measure as CopyProblem['measure'], count: Number(count), max: Number(max) }
}
