import { APPROVAL_POLICIES, type ApprovalPolicyName, NETWORKS, type Network } from '@pauta/domain'
import { useTranslation } from '../../i18n/use-translation.ts'
import { SettingsPanel, type SettingsSectionProps } from './settings-kit.tsx'

/**
 * [APPR1] Who approves posts before they are published, and which posts: every one, or
 * those of the networks ticked.
 */
export function ApprovalPanel({ form, change }: SettingsSectionProps) {
  const { t } = useTranslation()
  const { approval } = form
  const setPolicy = (policy: ApprovalPolicyName) =>
    change({ ...form, approval: { ...approval, policy } })
  const toggle = (network: Network, on: boolean) => {
    const networks = on
      ? [...approval.networks, network]
      : approval.networks.filter((n) => n !== network)
    change({ ...form, approval: { ...approval, networks } })
  }
  return (
    <SettingsPanel
      id="approval-title"
      title={t('settings.approval')}
      hint={t('settings.approvalHint')}
    >
      <fieldset className="settings-choices">
        <legend className="visually-hidden">{t('settings.approval')}</legend>
        {APPROVAL_POLICIES.map((policy) => (
          <label className="check" key={policy}>
            <input
              type="radio"
              name="approvalPolicy"
              value={policy}
              data-testid={`approval-${policy}`}
              checked={approval.policy === policy}
              onChange={() => setPolicy(policy)}
            />
            <span>{t(`settings.approvalPolicies.${policy}`)}</span>
          </label>
        ))}
      </fieldset>
      {approval.policy !== 'none' && (
        <fieldset className="settings-choices">
          <legend>{t('settings.approvalNetworks')}</legend>
          {NETWORKS.map((network) => (
            <label className="check" key={network}>
              <input
                type="checkbox"
                checked={approval.networks.includes(network)}
                onChange={(e) => toggle(network, e.target.checked)}
              />
              <span>{t(`networks.${network}`)}</span>
            </label>
          ))}
        </fieldset>
      )}
    </SettingsPanel>
  )
}
