import type { ReactNode } from 'react'
import { useTranslation } from '../../i18n/use-translation.ts'
import type { SettingsErrors, SettingsForm } from '../settings-form.ts'

/** What each panel of the settings form needs from the editor, which holds the state. */
export interface SettingsSectionProps {
  form: SettingsForm
  /** replaces the form with `next` (and clears "saved") */
  change: (next: SettingsForm) => void
}

/** One titled panel of the settings form; `id` names its heading, which labels it. */
export function SettingsPanel({
  id,
  title,
  hint,
  children,
}: {
  id: string
  title: string
  hint: string
  children: ReactNode
}) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <p className="muted">{hint}</p>
      {children}
    </section>
  )
}

/** The number at `path` could not be read: said under its input, or nothing. */
export function InvalidNumber({ errors, path }: { errors: SettingsErrors; path: string }) {
  const { t } = useTranslation()
  return errors[path] ? (
    <span className="field-error" role="alert">
      {t('settings.invalidNumber')}
    </span>
  ) : null
}
