import type { CardForm } from './card-form-kit.tsx'
import { CampaignField, ObjectiveField, TagsField } from './ListFields.tsx'
import { AssigneeField, NetworkField, ScheduledAtField } from './ScheduleFields.tsx'
import { TextFields } from './TextFields.tsx'

/** The card's editable fields, in the dialog's rows. `lead`: this person may assign the card. */
export function CardFields({
  form,
  lead,
  cardId,
}: {
  form: CardForm
  lead: boolean
  cardId: string
}) {
  return (
    <>
      <TextFields form={form} cardId={cardId} />
      <div className="field-row">
        <NetworkField form={form} />
        <ScheduledAtField form={form} />
      </div>
      <div className="field-row">
        <AssigneeField form={form} lead={lead} />
        <CampaignField form={form} />
        <ObjectiveField form={form} />
      </div>
      <TagsField form={form} />
    </>
  )
}
