import { canEdit, type Role } from '@pauta/domain'
import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { useTRPC } from '../api/trpc.ts'
import { AppHeader } from '../app/AppHeader.tsx'
import { Link } from '../app/Link.tsx'
import { boardPath, workspacePath } from '../app/router.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { FirstRunForm } from '../onboarding/FirstRunForm.tsx'
import { JoinedNotice } from '../onboarding/JoinedNotice.tsx'
import { takeJoined } from '../onboarding/joined.ts'
import { MyInvitations } from './MyInvitations.tsx'
import { NewBoardForm } from './NewBoardForm.tsx'

interface WorkspaceGroup {
  id: string
  name: string
  roles: readonly Role[]
  boards: { id: string; name: string; roles: readonly Role[] }[]
}

export function BoardsPage() {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const boards = useQuery(trpc.boards.list.queryOptions())
  const workspaces = useQuery(trpc.workspaces.list.queryOptions())
  const [joined, setJoined] = useState(takeJoined)

  const groups = useMemo(() => {
    const byId = new Map<string, WorkspaceGroup>()
    for (const ws of workspaces.data ?? []) {
      byId.set(ws.id, { id: ws.id, name: ws.name, roles: ws.roles, boards: [] })
    }
    for (const board of boards.data ?? []) {
      let group = byId.get(board.workspaceId)
      if (!group) {
        group = { id: board.workspaceId, name: board.workspaceName, roles: [], boards: [] }
        byId.set(board.workspaceId, group)
      }
      group.boards.push({ id: board.id, name: board.name, roles: board.roles })
    }
    return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name))
  }, [boards.data, workspaces.data])

  // [TEAM4] every member who works the boards may create one
  const leading = (workspaces.data ?? []).filter((ws) => canEdit(ws.roles))
  const loading = boards.isPending || workspaces.isPending

  return (
    <div className="page">
      <AppHeader title={<h1>{t('boards.title')}</h1>} />
      <main className="boards-page" id="main">
        {loading && (
          <p className="muted" aria-busy="true">
            {t('app.loading')}
          </p>
        )}
        {(boards.isError || workspaces.isError) && (
          <div className="notice error" role="alert">
            {t('boards.loadError')}{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => {
                void boards.refetch()
                void workspaces.refetch()
              }}
            >
              {t('app.retry')}
            </button>
          </div>
        )}
        <JoinedNotice workspace={joined} onDismiss={() => setJoined(null)} />
        <MyInvitations onJoined={setJoined} />
        {!loading && groups.length === 0 && !boards.isError && !workspaces.isError && (
          <FirstRunForm first />
        )}
        {groups.map((group) => (
          <section key={group.id} className="workspace" aria-labelledby={`ws-${group.id}`}>
            <h2 id={`ws-${group.id}`}>
              {group.name}
              <span className="role-list">
                {group.roles.map((role) => (
                  <span key={role} className="role-badge">
                    {t(`roles.${role}`)}
                  </span>
                ))}
              </span>
              <Link
                to={workspacePath(group.id)}
                className="workspace-link small"
                data-testid="workspace-link"
                data-workspace-id={group.id}
              >
                {t('workspace.open')}
              </Link>
            </h2>
            {group.boards.length === 0 ? (
              <p className="empty-state">{t('boards.empty')}</p>
            ) : (
              <ul className="board-list">
                {group.boards.map((board) => (
                  <li key={board.id}>
                    <Link
                      to={boardPath(board.id)}
                      className="board-tile"
                      data-testid="board-link"
                      data-board-id={board.id}
                    >
                      <span className="board-tile-name">{board.name}</span>
                      {!canEdit(board.roles) && (
                        <span className="role-badge">{t('boards.readOnly')}</span>
                      )}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
        {leading.length > 0 && <NewBoardForm workspaces={leading} />}
        {groups.length > 0 && (
          <details className="new-workspace" data-testid="new-workspace">
            <summary>{t('onboarding.newWorkspace')}</summary>
            <FirstRunForm first={false} />
          </details>
        )}
      </main>
    </div>
  )
}
