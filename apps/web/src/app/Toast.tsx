import { type AriaRole, type ReactNode, useEffect } from 'react'

/**
 * A notice at the foot of the page: its text (and any action) with a × that dismisses it; it
 * dismisses itself after `shownMs` unless dismissed first.
 */
export function Toast({
  className,
  role,
  testId,
  shownMs,
  dismissLabel,
  onDismiss,
  children,
  ...data
}: {
  className: string
  role: AriaRole
  testId: string
  shownMs: number
  dismissLabel: string
  onDismiss: () => void
  children: ReactNode
  'data-seq'?: number
}) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, shownMs)
    return () => clearTimeout(timer)
  }, [onDismiss, shownMs])
  return (
    <div className={`toast ${className}`} role={role} data-testid={testId} {...data}>
      {children}
      <button type="button" className="icon-button" aria-label={dismissLabel} onClick={onDismiss}>
        ×
      </button>
    </div>
  )
}
