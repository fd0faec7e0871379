import { MOVER_ROLES, STAGES, type Stage, transitionKey } from '@pauta/domain'
import { useTranslation } from '../../i18n/use-translation.ts'
import { toggleMover } from '../settings-form.ts'
import { SettingsPanel, type SettingsSectionProps } from './settings-kit.tsx'

/** Who may move a card from one stage to another: a stage-by-stage matrix of role chips. */
export function TransitionsPanel({ form, change }: SettingsSectionProps) {
  const { t } = useTranslation()
  return (
    <SettingsPanel
      id="transitions-title"
      title={t('settings.transitions')}
      hint={t('settings.transitionsHint')}
    >
      <div className="matrix-scroll">
        <table className="matrix">
          <thead>
            <tr>
              <th scope="col">{t('settings.fromTo')}</th>
              {STAGES.map((to) => (
                <th key={to} scope="col">
                  {t(`stages.${to}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {STAGES.map((from) => (
              <tr key={from}>
                <th scope="row">{t(`stages.${from}`)}</th>
                {STAGES.map((to) =>
                  from === to ? (
                    <td key={to} className="matrix-self" aria-hidden="true" />
                  ) : (
                    <TransitionCell key={to} from={from} to={to} form={form} change={change} />
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </SettingsPanel>
  )
}

/** One move of the matrix: a toggle per role that may be allowed to make it. */
function TransitionCell({
  from,
  to,
  form,
  change,
}: SettingsSectionProps & { from: Stage; to: Stage }) {
  const { t } = useTranslation()
  const key = transitionKey(from, to)
  const movers = form.transitions[key] ?? []
  return (
    <td data-testid={`cell-${from}-${to}`}>
      <div className="chips">
        {MOVER_ROLES.map((role) => (
          <button
            key={role}
            type="button"
            className={`chip${movers.includes(role) ? ' is-on' : ''}`}
            data-role={role}
            aria-pressed={movers.includes(role)}
            aria-label={t('settings.cellRole', {
              short: t(`roleShort.${role}`),
              role: t(`roles.${role}`),
              from: t(`stages.${from}`),
              to: t(`stages.${to}`),
            })}
            title={t(`roles.${role}`)}
            onClick={() => change(toggleMover(form, key, role))}
          >
            {t(`roleShort.${role}`)}
          </button>
        ))}
      </div>
    </td>
  )
}
