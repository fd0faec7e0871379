import {
  APPROVAL_POLICIES,
  type ApprovalPolicyName,
  DEFAULT_REVIEW_HOURS,
  NETWORKS,
  type Network,
} from '@pauta/domain'
import { Link } from '../../app/Link.tsx'
import { workspacePath } from '../../app/router.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import { SettingsPanel, type SettingsSectionProps } from './settings-kit.tsx'

/**
 * [APPR1] Who approves posts before they are published, and which posts: every one, or
 * those of the networks ticked, or of the campaigns ticked (the workspace's list).
 */
export function ApprovalPanel({
  form,
  change,
  campaigns,
  workspaceId,
}: SettingsSectionProps & {
  /** the workspace's campaigns, which its cards choose theirs from */
  campaigns: readonly string[]
  /** where the workspace's campaigns are listed (no link while it is not known) */
  workspaceId: string | null
}) {
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
  const toggleCampaign = (campaign: string, on: boolean) => {
    const chosen = on
      ? [...approval.campaigns, campaign]
      : approval.campaigns.filter((c) => c !== campaign)
    change({ ...form, approval: { ...approval, campaigns: chosen } })
  }
  const setReviewHours = (hours: number) => {
    if (!Number.isInteger(hours)) return
    const reviewHours = Math.min(MAX_REVIEW_HOURS, Math.max(1, hours))
    change({ ...form, approval: { ...approval, reviewHours } })
  }
  // a campaign chosen before it left the workspace's list stays here, to be unticked
  const offered = [...campaigns, ...approval.campaigns.filter((c) => !campaigns.includes(c))]
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
      {approval.policy !== 'none' && (
        <fieldset className="settings-choices" data-testid="approval-campaigns">
          <legend>{t('settings.approvalCampaigns')}</legend>
          {offered.map((campaign) => (
            <label className="check" key={campaign}>
              <input
                type="checkbox"
                checked={approval.campaigns.includes(campaign)}
                onChange={(e) => toggleCampaign(campaign, e.target.checked)}
              />
              <span>{campaign}</span>
            </label>
          ))}
          {offered.length === 0 && (
            <p className="muted small">
              {t('settings.approvalNoCampaigns')}{' '}
              {workspaceId && (
                <Link to={workspacePath(workspaceId)}>{t('settings.approvalCampaignsLink')}</Link>
              )}
            </p>
          )}
        </fieldset>
      )}
      {approval.policy !== 'none' && (
        <div className="field">
          <label htmlFor="approval-review-hours">{t('settings.approvalReviewHours')}</label>
          <input
            id="approval-review-hours"
            type="number"
            min={1}
            max={MAX_REVIEW_HOURS}
            step={1}
            value={approval.reviewHours ?? DEFAULT_REVIEW_HOURS}
            onChange={(e) => setReviewHours(e.target.valueAsNumber)}
          />
          <p className="muted small">{t('settings.approvalReviewHoursHint')}</p>
        </div>
      )}
    </SettingsPanel>
  )
}

/** [APPR7] The longest review time a board may set: 30 days. */
const MAX_REVIEW_HOURS = 24 * 30
