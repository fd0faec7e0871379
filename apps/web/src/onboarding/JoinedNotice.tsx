import { useTranslation } from '../i18n/use-translation.ts'

/** "You joined <workspace>", on the page someone lands on after accepting an invitation. */
export function JoinedNotice({
  workspace,
  onDismiss,
}: {
  workspace: string | null
  onDismiss: () => void
}) {
  const { t } = useTranslation()
  if (!workspace) return null
  return (
    <div className="notice info joined-notice" role="status" data-testid="joined-notice">
      <span>{t('onboarding.joined', { workspace })}</span>
      <button type="button" className="link-button" onClick={onDismiss}>
        {t('onboarding.dismiss')}
      </button>
    </div>
  )
}
