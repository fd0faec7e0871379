import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useUndo } from './use-undo.ts'

/** How long a notice stays unless dismissed: news briefly, a refusal longer. */
const SHOWN_MS = { status: 8_000, alert: 12_000 } as const

/** The undo notice at the bottom of the board: "Archived: … [Undo]", or why a step cannot be undone. */
export function UndoNoticeToast() {
  const { t } = useTranslation()
  const { notice, dismiss } = useUndo()
  useEffect(() => {
    if (!notice) return
    const timer = setTimeout(dismiss, SHOWN_MS[notice.tone])
    return () => clearTimeout(timer)
  }, [notice, dismiss])
  if (!notice) return null
  const { action } = notice
  return (
    <div
      key={notice.seq}
      className={`toast undo-notice ${notice.tone}`}
      role={notice.tone}
      data-testid="undo-notice"
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
      <button
        type="button"
        className="icon-button"
        aria-label={t('undo.dismiss')}
        onClick={dismiss}
      >
        ×
      </button>
    </div>
  )
}
