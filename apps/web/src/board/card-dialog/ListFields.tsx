import { LIMITS } from '@pauta/domain'
import type { SelectHTMLAttributes } from 'react'
import { FormField } from '../../app/FormField.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'
import { useBoard } from '../use-board.ts'
import { type CardForm, controlOf } from './card-form-kit.tsx'

/** The campaign: from the workspace's list when it has one, free text when it has none. */
export function CampaignField({ form }: { form: CardForm }) {
  const { t } = useTranslation()
  const { campaigns } = useBoard()
  return (
    <FormField form={form} name="campaign" label={t('card.campaign')}>
      {campaigns.length > 0 ? (
        <ListSelect
          {...controlOf(form, 'campaign')}
          value={form.values.campaign}
          items={campaigns}
          none={t('card.noCampaign')}
          onChange={(value) => form.set('campaign', value)}
        />
      ) : (
        <input
          {...controlOf(form, 'campaign')}
          value={form.values.campaign}
          maxLength={LIMITS.title}
          onChange={(e) => form.set('campaign', e.target.value)}
        />
      )}
    </FormField>
  )
}

/** The objective, from the workspace's list only; the hint says where that list is kept. */
export function ObjectiveField({ form }: { form: CardForm }) {
  const { t } = useTranslation()
  const { objectives } = useBoard()
  return (
    <FormField
      form={form}
      name="objective"
      label={t('card.objective')}
      hint={objectives.length === 0 ? t('card.objectiveHint') : undefined}
    >
      <ListSelect
        {...controlOf(form, 'objective')}
        value={form.values.objective}
        items={objectives}
        none={t('card.noObjective')}
        onChange={(value) => form.set('objective', value)}
      />
    </FormField>
  )
}

/** The tags, comma-separated; the hint, which says so, describes the input. */
export function TagsField({ form }: { form: CardForm }) {
  const { t } = useTranslation()
  return (
    <FormField form={form} name="tags" label={t('card.tags')} hint={t('card.tagsHint')}>
      <input
        {...controlOf(form, 'tags', true)}
        value={form.values.tags}
        onChange={(e) => form.set('tags', e.target.value)}
      />
    </FormField>
  )
}

/**
 * A choice from one of the workspace's lists. A value the card already holds stays offered
 * even when the list no longer has it, so opening a card never changes it.
 */
function ListSelect({
  value,
  items,
  none,
  onChange,
  ...rest
}: {
  value: string
  items: readonly string[]
  none: string
  onChange: (value: string) => void
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'>) {
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{none}</option>
      {value && !items.includes(value) && <option value={value}>{value}</option>}
      {items.map((item) => (
        <option key={item} value={item}>
          {item}
        </option>
      ))}
    </select>
  )
}
