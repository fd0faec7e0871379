import { useTranslation } from '../../i18n/use-translation.ts'
import type { SettingsErrors } from '../settings-form.ts'

/** What stopped the last save: the form's own errors, or the server's objections line by line. */
export function SettingsProblems({
  errors,
  serverErrors,
}: {
  errors: SettingsErrors
  serverErrors: readonly string[]
}) {
  const { t } = useTranslation()
  return (
    <>
      {Object.keys(errors).length > 0 && (
        <p className="form-error" role="alert">
          {t('settings.fixErrors')}
        </p>
      )}
      {serverErrors.length > 0 && (
        <div className="form-error" role="alert" data-testid="settings-server-errors">
          {serverErrors.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      )}
    </>
  )
}

/** The editor's actions: back to the default rules, and save (which submits the form). */
export function SettingsActions({
  saved,
  saving,
  onReset,
}: {
  /** the form is as last saved */
  saved: boolean
  saving: boolean
  onReset: () => void
}) {
  const { t } = useTranslation()
  return (
    <div className="settings-actions">
      <button type="button" className="button" data-testid="reset-settings" onClick={onReset}>
        {t('settings.reset')}
      </button>
      <span className="spacer" />
      {saved && (
        <output className="muted" data-testid="settings-saved">
          {t('settings.saved')}
        </output>
      )}
      <button
        type="submit"
        className="button primary"
        data-testid="save-settings"
        disabled={saving}
      >
        {saving ? t('settings.saving') : t('settings.save')}
      </button>
    </div>
  )
}
