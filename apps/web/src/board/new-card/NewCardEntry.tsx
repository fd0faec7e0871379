import type { Stage } from '@pauta/domain'
import { useMemo } from 'react'
import { NewCardDialog } from '../board-dialogs.tsx'
import { NewCardForm } from '../NewCardForm.tsx'
import { useBoard } from '../use-board.ts'
import { type CreatePlan, createPlan } from './create-plan.ts'

/** What this person's "+" of `stage` offers, from the create command (absent when live is not). */
export function useCreatePlan(stage: Stage): CreatePlan {
  const { canEdit, actor, rules } = useBoard()
  return useMemo(
    () => (canEdit ? createPlan(actor, rules, stage) : { kind: 'absent' }),
    [canEdit, actor, rules, stage],
  )
}

/** The form a column's "+" opens: the quick title, or the stage's fields in a dialog. */
export function NewCardEntry({
  stage,
  plan,
  onClose,
  onCreated,
}: {
  stage: Stage
  plan: CreatePlan
  onClose: () => void
  onCreated: (id: string) => void
}) {
  if (plan.kind === 'absent') return null
  if (plan.kind === 'ask')
    return (
      <NewCardDialog stage={stage} fields={plan.fields} onClose={onClose} onCreated={onCreated} />
    )
  return <NewCardForm stage={stage} onClose={onClose} onCreated={onCreated} />
}
