import {
  type ApprovalPolicy,
  type Card,
  firstReviewer,
  NO_APPROVAL,
  needsApproval,
  sameJson,
} from '@pauta/domain'
import * as Y from 'yjs'
import { cardsMap } from './doc.ts'
import type { CardDiff } from './judge.ts'

/** What the server writes into a card itself ([STAMP1], [STAMP2]). */
export type StampFields = Partial<
  Pick<
    Card,
    | 'escalatedAt'
    | 'movedBy'
    | 'movedAt'
    | 'movedFrom'
    | 'archivedAt'
    | 'archivedBy'
    | 'approval'
    | 'reviewer'
    | 'approvalNote'
  >
>

/** The fields the server writes into one card, from its own clock and the change's author. */
export interface Stamp {
  cardId: string
  fields: StampFields
}

/**
 * The server's stamps for the cards an accepted change touched: [STAMP1] a card that entered
 * escalated starts its SLA at `now`, the server's time, whatever the client wrote; [STAMP2] a
 * card that changed stage records who moved it (`actorId`), from where, and when; [STAMP3] a
 * card archived records who archived it and when, and a card restored forgets both; [APPR4] a
 * post whose copy or media change after a yes (or after changes were asked for) goes back to
 * review by the first reviewer of the board's `approval` policy.
 */
export function stampsFor(
  diffs: readonly CardDiff[],
  now: Date,
  actorId: string,
  approval: ApprovalPolicy = NO_APPROVAL,
): Stamp[] {
  const at = now.toISOString()
  const stamps: Stamp[] = []
  for (const { id, before, after } of diffs) {
    if (!before) continue
    const fields: StampFields = {}
    if (before.stage !== after.stage) {
      Object.assign(fields, { movedBy: actorId, movedAt: at, movedFrom: before.stage })
      if (after.stage === 'escalated') fields.escalatedAt = at
    }
    if (before.archived !== after.archived) {
      fields.archivedAt = after.archived ? at : null
      fields.archivedBy = after.archived ? actorId : null
    }
    Object.assign(fields, backToReview(before, after, approval))
    if (Object.keys(fields).length > 0) stamps.push({ cardId: id, fields })
  }
  return stamps
}

/** [APPR4] The approval fields a change of copy or media resets, if it resets any. */
function backToReview(before: Card, after: Card, approval: ApprovalPolicy): StampFields {
  const first = firstReviewer(approval.policy)
  const post = before.copy !== after.copy || !sameJson(before.media, after.media)
  if (!post || first === null || !needsApproval(after, approval)) return {}
  const partly = before.approval === 'in-review' && before.reviewer !== first
  if (before.approval === 'approved' || partly)
    return { approval: 'in-review', reviewer: first, approvalNote: 'changed-after-approval' }
  if (before.approval === 'changes-requested')
    return { approval: 'in-review', reviewer: first, approvalNote: null }
  return {}
}

/** Writes the stamps into the document (the server's amendment of the change). */
export function writeStamps(doc: Y.Doc, stamps: readonly Stamp[]): void {
  const cards = cardsMap(doc)
  doc.transact(() => {
    for (const { cardId, fields } of stamps) {
      const entry = cards.get(cardId)
      if (!(entry instanceof Y.Map)) continue
      for (const [field, value] of Object.entries(fields))
        if (entry.get(field) !== value) entry.set(field, value)
    }
  })
}

/** The diffs as they read once the stamps are written. */
export function withStamps(diffs: readonly CardDiff[], stamps: readonly Stamp[]): CardDiff[] {
  if (stamps.length === 0) return [...diffs]
  const byCard = new Map(stamps.map((stamp) => [stamp.cardId, stamp]))
  return diffs.map((diff) => {
    const stamp = byCard.get(diff.id)
    return stamp ? { ...diff, after: { ...diff.after, ...stamp.fields } } : diff
  })
}
