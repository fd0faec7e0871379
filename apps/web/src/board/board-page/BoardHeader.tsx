import type { Role } from '@pauta/domain'
import { AppHeader } from '../../app/AppHeader.tsx'
import { Link } from '../../app/Link.tsx'
import { boardSettingsPath, roundsPath, workspacePath } from '../../app/router.ts'
import { useTranslation } from '../../i18n/use-translation.ts'
import type { ConnectionStatus as Status } from '../board-session.ts'
import { ConnectionStatus } from '../ConnectionStatus.tsx'
import { Presence } from '../Presence.tsx'
import { BoardContext, type BoardContextValue } from '../use-board.ts'
import type { BoardData } from './use-board-context-value.ts'

/**
 * The board's header: its name and workspace, who else is here, its review rounds (where it
 * asks for approval), the link to its rules (which everyone reads and a strategist changes),
 * and the connection's status (`status`: null to show none).
 */
export function BoardHeader({
  boardId,
  board,
  roles,
  readOnly,
  context,
  status,
}: {
  boardId: string
  board: BoardData | undefined
  roles: readonly Role[] | undefined
  readOnly: boolean
  context: BoardContextValue | null
  status: Status | null
}) {
  const { t } = useTranslation()
  return (
    <AppHeader title={<BoardHeading board={board} readOnly={readOnly} />}>
      {context && (
        <BoardContext value={context}>
          <Presence />
        </BoardContext>
      )}
      {board && board.settings.rules.approval.policy !== 'none' && (
        <Link to={roundsPath(boardId)} className="button subtle" data-testid="rounds-link">
          {t('approval.rounds')}
        </Link>
      )}
      {/* everyone may read the rules; a strategist changes them there */}
      {roles !== undefined && (
        <Link
          to={boardSettingsPath(boardId)}
          className="button subtle"
          data-testid="board-settings-link"
        >
          {t('board.rulesLink')}
        </Link>
      )}
      {status && <ConnectionStatus status={status} />}
    </AppHeader>
  )
}

/** The board's name, a link to its workspace, and a badge when the person only reads it. */
function BoardHeading({ board, readOnly }: { board: BoardData | undefined; readOnly: boolean }) {
  const { t } = useTranslation()
  return (
    <div className="board-heading">
      <h1>{board?.name ?? '…'}</h1>
      {board && (
        <Link
          to={workspacePath(board.workspaceId)}
          className="muted small"
          data-testid="workspace-link"
          title={t('board.workspaceLink')}
        >
          {board.workspaceName}
        </Link>
      )}
      {readOnly && (
        <span className="role-badge read-only-badge" data-testid="read-only">
          {t('boards.readOnly')}
        </span>
      )}
    </div>
  )
}
