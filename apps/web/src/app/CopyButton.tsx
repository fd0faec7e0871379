import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/** Copies `text`; says "Copied" for a moment. Without clipboard access the text stays selectable. */
export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation()
  const [copied, setCopied] = useState(false)
  return (
    <button
      type="button"
      className="button"
      data-testid={testId}
      onClick={() => {
        void navigator.clipboard
          ?.writeText(text)
          .then(() => {
            setCopied(true)
            setTimeout(() => setCopied(false), 2000)
          })
          .catch(() => setCopied(false))
      }}
    >
      {copied ? t('app.copied') : t('app.copy')}
    </button>
  )
}
