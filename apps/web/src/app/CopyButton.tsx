import { useState } from 'react'
import { useTranslation } from '../i18n/use-translation.ts'

/** Copies `text`; says "Copied" for a moment. Without clipboard access the text stays selectable. */
export function CopyButton({
  text,
  testId,
  label,
}: {
  text: string
  testId?: string
  /** what the button says before copying ("Copy" unless given) */
  label?: string
}) {
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
      {copied ? t('app.copied') : (label ?? t('app.copy'))}
    </button>
  )
}

/** A secret shown once or kept to copy (a token, a feed or invite link), with its Copy button. */
export function CopyRow({
  text,
  testId,
  copyTestId,
}: {
  text: string
  testId: string
  copyTestId: string
}) {
  return (
    <div className="copy-row">
      <output className="secret" data-testid={testId}>
        {text}
      </output>
      <CopyButton text={text} testId={copyTestId} />
    </div>
  )
}
