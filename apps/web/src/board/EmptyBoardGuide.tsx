import { canEdit, isLead, STAGES } from '@pauta/domain'
import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTRPC } from '../api/trpc.ts'
import { Link } from '../app/Link.tsx'
import { boardSettingsPath, workspacePath } from '../app/router.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { isGuideDismissed, rememberGuideDismissed } from '../onboarding/guide-dismissed.ts'
import { useHasCards } from './use-board.ts'
import '../styles/onboarding.css'

/**
 * On a board without any card: what each stage is for, where to invite the team (leads) and
 * where the rules are (everyone reads them). Dismissed for good on this device, per board.
 */
export function EmptyBoardGuide({ boardId }: { boardId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const board = useQuery(trpc.boards.get.queryOptions({ boardId }))
  const hasCards = useHasCards()
  const [dismissed, setDismissed] = useState(() => isGuideDismissed(boardId))
  if (dismissed || hasCards || !board.data) return null
  const { roles, workspaceId } = board.data
  return (
    <aside className="empty-guide" aria-labelledby="empty-guide-title" data-testid="empty-guide">
      <div className="empty-guide-head">
        <h2 id="empty-guide-title">{t('onboarding.guide.title')}</h2>
        <button
          type="button"
          className="button subtle"
          data-testid="dismiss-guide"
          onClick={() => {
            rememberGuideDismissed(boardId)
            setDismissed(true)
          }}
        >
          {t('onboarding.dismiss')}
        </button>
      </div>
      <p>{t('onboarding.guide.intro')}</p>
      <dl className="empty-guide-stages">
        {STAGES.map((stage) => (
          <div key={stage} className={`empty-guide-stage stage-${stage}`}>
            <dt>{t(`stages.${stage}`)}</dt>
            <dd>{t(`onboarding.guide.stages.${stage}`)}</dd>
          </div>
        ))}
      </dl>
      {canEdit(roles) && <p className="muted">{t('onboarding.guide.firstCard')}</p>}
      <div className="empty-guide-links">
        {isLead(roles) && (
          <p>
            <Link to={workspacePath(workspaceId)} data-testid="guide-invite">
              {t('onboarding.guide.invite')}
            </Link>
            <span className="muted small"> · {t('onboarding.guide.inviteHint')}</span>
          </p>
        )}
        <p>
          <Link to={boardSettingsPath(boardId)} data-testid="guide-rules">
            {t('onboarding.guide.rules')}
          </Link>
          <span className="muted small"> · {t('onboarding.guide.rulesHint')}</span>
        </p>
      </div>
    </aside>
  )
}
