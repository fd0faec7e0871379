import type { Card } from '@pauta/domain'
import type { ReactNode } from 'react'
import { useTranslation } from '../../i18n/use-translation.ts'
import { WorkspaceTime } from '../../time/WorkspaceTime.tsx'
import { useBoard } from '../use-board.ts'
import { CopyPreviewPart, useLiveText } from './TextFields.tsx'
import '../../styles/card-read.css'

/** One field as text: its name, then what the card holds or a muted "none". */
function Row({ term, wide, children }: { term: string; wide?: boolean; children: ReactNode }) {
  return (
    <div className={wide ? 'card-read-wide' : undefined}>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}

function None({ children }: { children: ReactNode }) {
  return <span className="muted">{children}</span>
}

/**
 * The card's fields for someone who may only read them (a client, a community manager on
 * another's card, anyone while the board is closed): plain text, not inputs that look
 * editable and refuse every keystroke.
 */
export function CardReadView({ card }: { card: Card }) {
  const { t } = useTranslation()
  const { members, workspaceName } = useBoard()
  const copy = useLiveText(card.id, 'copy')
  const assignee = card.assigneeId ? (members.get(card.assigneeId)?.name ?? card.assigneeId) : null
  return (
    <>
      <dl className="card-read" data-testid="card-read">
        <Row term={t('card.title')} wide>
          <span className="card-read-title" data-testid="card-read-title">
            {card.title}
          </span>
        </Row>
        <Row term={t('card.copy')} wide>
          {card.copy ? (
            <span className="card-read-text" data-testid="card-read-copy">
              {card.copy}
            </span>
          ) : (
            <None>{t('card.noCopy')}</None>
          )}
        </Row>
        <Row term={t('card.description')} wide>
          {card.description ? (
            <span className="card-read-text">{card.description}</span>
          ) : (
            <None>{t('card.noDescription')}</None>
          )}
        </Row>
        <Row term={t('card.network')}>
          {card.network ? t(`networks.${card.network}`) : <None>{t('card.noNetwork')}</None>}
        </Row>
        <Row term={t('card.scheduledAt')}>
          {card.scheduledAt ? (
            <WorkspaceTime at={card.scheduledAt} style="dateTime" />
          ) : (
            <None>{t('card.notScheduled')}</None>
          )}
        </Row>
        <Row term={t('card.assignee')}>{assignee ?? <None>{t('card.unassigned')}</None>}</Row>
        <Row term={t('card.campaign')}>{card.campaign || <None>{t('card.noCampaign')}</None>}</Row>
        <Row term={t('card.objective')}>
          {card.objective ?? <None>{t('card.noObjective')}</None>}
        </Row>
        <Row term={t('card.tags')}>
          {card.tags.length > 0 ? (
            <span className="card-read-tags">
              {card.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}
            </span>
          ) : (
            <None>{t('card.noTags')}</None>
          )}
        </Row>
      </dl>
      {/* how the post will look, for whoever reads it here: a client reviewing it, say */}
      {card.network && (
        <CopyPreviewPart
          copy={copy ?? card.copy}
          network={card.network}
          account={workspaceName}
          media={card.media}
        />
      )}
    </>
  )
}
