import { LIMITS } from '@pauta/domain'
import { FormField } from '../../app/FormField.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'
import type { AskField } from '../../rules/move-plan.ts'
import { useZonedInputHint } from '../../time/use-zoned-input-hint.ts'
import { CmField, NetworkField, ObjectiveField, SeverityField } from './ChoiceFields.tsx'
import { controlOf, type MoveForm } from './move-fields-kit.tsx'

/** The control's problem and, when it has one, its hint. */
function describedBy(form: MoveForm, field: AskField, hint: boolean): string | undefined {
  const id = form.idOf(field)
  const ids = [form.problemOf(field) ? `${id}-error` : '', hint ? `${id}-hint` : '']
  return ids.filter(Boolean).join(' ') || undefined
}

/** The labelled control the move asks for `field`: a date, a choice, or text. */
export function MoveFieldControl({ form, field }: { form: MoveForm; field: AskField }) {
  const { t } = useTranslation()
  const set = (value: string) => form.set(field, value)
  // dates are typed on the workspace's clock; the hint says so where the device's differs
  const dateHint = useZonedInputHint(form.values[field])
  switch (field) {
    case 'scheduledAt':
    case 'publishedAt':
      return (
        <FormField form={form} name={field} label={t(`moveFields.${field}`)} hint={dateHint}>
          <input
            {...controlOf(form, field)}
            aria-describedby={describedBy(form, field, dateHint !== undefined)}
            type="datetime-local"
            onChange={(e) => set(e.target.value)}
          />
        </FormField>
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
    case 'copy':
      return (
        <FormField form={form} name={field} label={t(`moveFields.${field}`)}>
          <textarea
            {...controlOf(form, field)}
            rows={field === 'copy' ? 5 : 3}
            maxLength={field === 'copy' ? LIMITS.copy : LIMITS.description}
            onChange={(e) => set(e.target.value)}
          />
        </FormField>
      )
    case 'publishedUrl':
    case 'escalationUrl':
      return (
        <FormField form={form} name={field} label={t(`fieldLabels.${field}`)}>
          <input
            {...controlOf(form, field)}
            type="url"
            inputMode="url"
            maxLength={LIMITS.link}
            onChange={(e) => set(e.target.value)}
          />
        </FormField>
      )
    case 'objective':
      return <ObjectiveField form={form} />
    case 'campaign':
    case 'tags':
    case 'title':
      return (
        <FormField form={form} name={field} label={t(`card.${field}`)}>
          <input
            {...controlOf(form, field)}
            maxLength={LIMITS.title}
            onChange={(e) => set(e.target.value)}
          />
        </FormField>
      )
    default: {
      // every field a stage may require has a control here (the compiler checks it)
      const unhandled: never = field
      return unhandled
    }
  }
}
