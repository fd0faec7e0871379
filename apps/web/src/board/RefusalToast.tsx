import type { BoardRules, Refusal } from '@pauta/domain'
import { Toast } from '../app/Toast.tsx'
import { useTranslation } from '../i18n/use-translation.ts'
import { refusalMessage } from '../rules/refusal-message.ts'

/** How long a refusal stays on screen unless dismissed. */
const SHOWN_MS = 12_000

export interface ShownRefusal {
  /** null: the server's reason could not be read */
  refusal: Refusal | null
  /** true when the server refused it (the board went back to the server's state) */
  fromServer: boolean
  seq: number
}

/** What was refused, in the reader's language; stays until dismissed or for a while. */
export function RefusalToast({
  shown,
  rules,
  onDismiss,
}: {
  shown: ShownRefusal
  rules: BoardRules
  onDismiss: () => void
}) {
  const { t, i18n } = useTranslation()
  return (
    <Toast
      className="refusal"
      role="alert"
      testId="refusal"
      data-seq={shown.seq}
      shownMs={SHOWN_MS}
      dismissLabel={t('refusal.dismiss')}
      onDismiss={onDismiss}
    >
      <p>
        <strong>{refusalMessage(shown.refusal, t, i18n.language, rules)}</strong>
        {shown.fromServer && <span className="muted"> {t('refusal.reset')}</span>}
      </p>
    </Toast>
  )
}
