import { LIMITS } from '@pauta/domain'
import { FormField } from '../../app/FormField.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'
import { type CardForm, controlOf } from './card-form-kit.tsx'

/** The card's title, the post's copy and the description (notes for the team). */
export function TextFields({ form }: { form: CardForm }) {
  const { t } = useTranslation()
  const { values, set } = form
  return (
    <>
      <FormField form={form} name="title" label={t('card.title')}>
        <input
          {...controlOf(form, 'title')}
          value={values.title}
          maxLength={LIMITS.title}
          required
          onChange={(e) => set('title', e.target.value)}
        />
      </FormField>
      <FormField form={form} name="copy" label={t('card.copy')}>
        <textarea
          {...controlOf(form, 'copy')}
          value={values.copy}
          rows={5}
          maxLength={LIMITS.copy}
          onChange={(e) => set('copy', e.target.value)}
        />
      </FormField>
      <FormField form={form} name="description" label={t('card.description')}>
        <textarea
          {...controlOf(form, 'description')}
          value={values.description}
          rows={4}
          maxLength={LIMITS.description}
          onChange={(e) => set('description', e.target.value)}
        />
      </FormField>
    </>
  )
}
