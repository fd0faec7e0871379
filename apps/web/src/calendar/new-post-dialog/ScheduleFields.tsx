import { FormField } from '../../app/FormField.tsx'
import { useBoard } from '../../board/use-board.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { zoneName } from '../../time/clock-format.ts'
import { useWorkspaceClock } from '../../time/use-workspace-clock.ts'
import { controlOf, type NewPostForm } from './new-post-kit.tsx'

/** The day the post goes out. */
export function DateField({ form }: { form: NewPostForm }) {
  const { t } = useTranslation()
  return (
    <FormField form={form} name="date" label={t('calendar.dialog.date')}>
      <input
        {...controlOf(form, 'date')}
        type="date"
        required
        data-testid="calendar-dialog-date"
        onChange={(e) => form.set('date', e.target.value)}
      />
    </FormField>
  )
}

/**
 * The time, in the workspace's zone; when the viewer's own zone differs, the same moment in
 * theirs beneath it (`scheduledAt`: the moment, once date and time are readable).
 */
export function TimeField({
  form,
  scheduledAt,
}: {
  form: NewPostForm
  scheduledAt: string | null
}) {
  const { t } = useTranslation()
  const { timeZone } = useBoard()
  const clock = useWorkspaceClock()
  const viewer = scheduledAt ? clock.dual(scheduledAt, 'dayTime')?.viewer : null
  return (
    <FormField
      form={form}
      name="time"
      label={t('calendar.dialog.time', { zone: zoneName(timeZone) })}
    >
      <input
        {...controlOf(form, 'time')}
        type="time"
        step={300}
        required
        data-testid="calendar-dialog-time"
        onChange={(e) => form.set('time', e.target.value)}
      />
      {viewer ? (
        <p className="hint" data-testid="calendar-dialog-viewer-time" aria-live="polite">
          {t('calendar.dialog.viewerTime', {
            zone: zoneName(clock.viewerZone),
            time: viewer.text,
          })}
        </p>
      ) : null}
    </FormField>
  )
}
