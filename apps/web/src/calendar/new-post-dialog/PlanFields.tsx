import { LIMITS } from '@pauta/domain'
import { FormField } from '../../app/FormField.tsx'
import { useBoard } from '../../board/use-board.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { controlOf, type NewPostForm } from './new-post-kit.tsx'

/** What the post is called. It has the focus when the dialog opens. */
export function TitleField({ form }: { form: NewPostForm }) {
  const { t } = useTranslation()
  return (
    <FormField form={form} name="title" label={t('calendar.dialog.postTitle')}>
      <input
        {...controlOf(form, 'title')}
        // biome-ignore lint/a11y/noAutofocus: inside FormDialog's modal <dialog>, which is where biome allows it
        autoFocus
        autoComplete="off"
        maxLength={LIMITS.title}
        required
        data-testid="calendar-dialog-title"
        onChange={(e) => form.set('title', e.target.value)}
      />
    </FormField>
  )
}

/**
 * The campaign, free text with suggestions: the workspace's list first, then the names
 * already used on the board (`campaigns`). `listId`: the suggestions' datalist.
 */
export function CampaignField({
  form,
  campaigns,
  listId,
}: {
  form: NewPostForm
  campaigns: readonly string[]
  listId: string
}) {
  const { t } = useTranslation()
  const { campaigns: kept } = useBoard()
  const suggestions = [...new Set([...kept, ...campaigns])]
  return (
    <FormField form={form} name="campaign" label={t('calendar.dialog.campaign')}>
      <input
        {...controlOf(form, 'campaign')}
        autoComplete="off"
        maxLength={LIMITS.title}
        list={listId}
        data-testid="calendar-dialog-campaign"
        onChange={(e) => form.set('campaign', e.target.value)}
      />
      <datalist id={listId}>
        {suggestions.map((campaign) => (
          <option key={campaign} value={campaign} />
        ))}
      </datalist>
    </FormField>
  )
}

/** The objective, from the workspace's list; not asked when the list is empty. */
export function ObjectiveField({ form }: { form: NewPostForm }) {
  const { t } = useTranslation()
  const { objectives } = useBoard()
  if (objectives.length === 0) return null
  return (
    <FormField form={form} name="objective" label={t('card.objective')}>
      <select
        {...controlOf(form, 'objective')}
        data-testid="calendar-dialog-objective"
        onChange={(e) => form.set('objective', e.target.value)}
      >
        <option value="">{t('card.noObjective')}</option>
        {objectives.map((objective) => (
          <option key={objective} value={objective}>
            {objective}
          </option>
        ))}
      </select>
    </FormField>
  )
}
