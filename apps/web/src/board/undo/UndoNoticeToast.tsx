import { Toast } from '../../app/Toast.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'
import { useUndo } from './use-undo.ts'

/** How long a notice stays unless dismissed: news briefly, a refusal longer. */
const SHOWN_MS = { status: 8_000, alert: 12_000 } as const

/** The undo notice at the bottom of the board: "Archived: … [Undo]", or why a step cannot be undone. */
export function UndoNoticeToast() {
  const { t } = useTranslation()
  const { notice, dismiss } = useUndo()
  if (!notice) return null
  const { action } = notice
  return (
    <Toast
      key={notice.seq}
      className={`undo-notice ${notice.tone}`}
      role={notice.tone}
      testId="undo-notice"
      shownMs={SHOWN_MS[notice.tone]}
      dismissLabel={t('undo.dismiss')}
      onDismiss={dismiss}
    >
      <p>
        <strong>{notice.text}</strong>
      </p>
      {action && (
        <button
          type="button"
          className="button subtle"
          data-testid="undo-notice-action"
          onClick={() => {
            dismiss()
            action.run()
          }}
        >
          {action.label}
        </button>
      )}
    </Toast>
  )
}
