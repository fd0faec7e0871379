import { LIMITS } from '@pauta/domain'
import { useTranslation } from 'react-i18next'
import type { AskField } from '../../rules/move-plan.ts'
import { CmField, NetworkField, SeverityField } from './ChoiceFields.tsx'
import { controlOf, MoveField, type MoveForm } from './move-fields-kit.tsx'

/** The labelled control the move asks for `field`: a date, a choice, or text. */
export function MoveFieldControl({ form, field }: { form: MoveForm; field: AskField }) {
  const { t } = useTranslation()
  const set = (value: string) => form.set(field, value)
  switch (field) {
    case 'scheduledAt':
    case 'publishedAt':
      return (
        <MoveField form={form} name={field} label={t(`moveFields.${field}`)}>
          <input
            {...controlOf(form, field)}
            type="datetime-local"
            onChange={(e) => set(e.target.value)}
          />
        </MoveField>
      )
    case 'network':
      return <NetworkField form={form} />
    case 'assigneeId':
      return <CmField form={form} />
    case 'severity':
      return <SeverityField form={form} />
    case 'escalationReason':
    case 'resolutionNote':
    case 'description':
      return (
        <MoveField form={form} name={field} label={t(`moveFields.${field}`)}>
          <textarea
            {...controlOf(form, field)}
            rows={3}
            maxLength={LIMITS.description}
            onChange={(e) => set(e.target.value)}
          />
        </MoveField>
      )
    case 'campaign':
    case 'tags':
    case 'title':
      return (
        <MoveField form={form} name={field} label={t(`card.${field}`)}>
          <input
            {...controlOf(form, field)}
            maxLength={LIMITS.title}
            onChange={(e) => set(e.target.value)}
          />
        </MoveField>
      )
  }
}
