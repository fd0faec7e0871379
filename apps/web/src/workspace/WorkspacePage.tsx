import { isLead, isStrategist, ROLES, type Role } from '@pauta/domain'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { apiErrorKey } from '../api/api-error.ts'
import { trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { AppHeader } from '../app/AppHeader.tsx'
import { CopyButton, CopyRow } from '../app/CopyButton.tsx'
import { FormError } from '../app/FormError.tsx'
import { FullPageMessage } from '../app/FullPageMessage.tsx'
import { Link } from '../app/Link.tsx'
import { navigate } from '../app/router.ts'
import { useMe } from '../auth/me.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { ClockZoneContext, useWorkspaceClock } from '../time/use-workspace-clock.ts'
import { ListsForm } from './ListsForm.tsx'
import { TimeZoneForm } from './TimeZoneForm.tsx'
import { canManageTeam, toggleRole } from './team.ts'

const MEMBER_ERRORS = ['BAD_REQUEST', 'FORBIDDEN', 'NOT_FOUND'] as const

/** A workspace's team: members and their roles, invitations. Strategists and managers edit. */
export function WorkspacePage({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const me = useMe()
  const workspaces = useQuery(trpc.workspaces.list.queryOptions())
  const members = useQuery(trpc.members.list.queryOptions({ workspaceId }))
  const workspace = workspaces.data?.find((ws) => ws.id === workspaceId)
  const myRoles: readonly Role[] = workspace?.roles ?? []
  const lead = canManageTeam(myRoles)

  if (trpcErrorCode(members.error) === 'NOT_FOUND' || (workspaces.isSuccess && !workspace)) {
    return (
      <FullPageMessage>
        <p role="alert">{t('workspace.notFound')}</p>
        <Link to="/">{t('app.backToBoards')}</Link>
      </FullPageMessage>
    )
  }

  return (
    <div className="page">
      <AppHeader title={<h1>{workspace?.name ?? '…'}</h1>} />
      <main className="settings-page" id="main">
        <p>
          <Link to="/">{t('app.backToBoards')}</Link>
        </p>
        <section className="panel" aria-labelledby="members-title">
          <h2 id="members-title">{t('workspace.members')}</h2>
          {!lead && <p className="muted">{t('workspace.readOnly')}</p>}
          {members.isPending && <p className="muted">{t('app.loading')}</p>}
          {members.isError && (
            <p className="form-error" role="alert">
              {t('app.error')}
            </p>
          )}
          <ul className="member-list">
            {(members.data ?? []).map((member) => (
              <MemberRow
                key={member.userId}
                workspaceId={workspaceId}
                member={member}
                myRoles={myRoles}
                isMe={member.userId === me.id}
              />
            ))}
          </ul>
        </section>
        {workspace && (
          <TimeZoneForm
            workspaceId={workspaceId}
            timeZone={workspace.timeZone}
            editable={isLead(myRoles)}
          />
        )}
        <ListsForm workspaceId={workspaceId} editable={isLead(myRoles)} />
        {lead && (
          <ClockZoneContext value={workspace?.timeZone ?? null}>
            <InviteForm workspaceId={workspaceId} myRoles={myRoles} />
            <PendingInvitations workspaceId={workspaceId} />
          </ClockZoneContext>
        )}
      </main>
    </div>
  )
}

interface MemberView {
  userId: string
  name: string
  email: string
  roles: readonly Role[]
}

function MemberRow({
  workspaceId,
  member,
  myRoles,
  isMe,
}: {
  workspaceId: string
  member: MemberView
  myRoles: readonly Role[]
  isMe: boolean
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [error, setError] = useState<string | null>(null)
  const lead = canManageTeam(myRoles)
  const strategist = isStrategist(myRoles)
  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey({ workspaceId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.workspaces.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.boards.pathKey() }),
    ])
  }
  const onError = (cause: unknown) =>
    setError(t(apiErrorKey(cause, 'workspace.errors', MEMBER_ERRORS)))
  const setRoles = useMutation(
    trpc.members.setRoles.mutationOptions({
      onSuccess: () => {
        setError(null)
        void refresh()
      },
      onError,
    }),
  )
  const remove = useMutation(
    trpc.members.remove.mutationOptions({
      onSuccess: () => {
        setError(null)
        if (isMe) navigate('/')
        void refresh()
      },
      onError,
    }),
  )

  const toggle = (role: Role) => {
    const roles = toggleRole(member.roles, role)
    if (roles.length === 0) {
      setError(t('workspace.errors.noRoles'))
      return
    }
    setRoles.mutate({ workspaceId, userId: member.userId, roles })
  }

  return (
    <li className="member-row" data-testid="member-row" data-user-id={member.userId}>
      <div className="member-who">
        <span className="member-name">
          {member.name}
          {isMe && <span className="muted small"> {t('workspace.you')}</span>}
        </span>
        <span className="muted small">{member.email}</span>
      </div>
      <fieldset className="role-toggles" disabled={!lead || setRoles.isPending}>
        <legend className="visually-hidden">{t('workspace.rolesOf', { name: member.name })}</legend>
        {ROLES.map((role) => {
          const held = member.roles.includes(role)
          // only a strategist makes or unmakes a strategist (the server says so too)
          const locked = role === 'strategist' && !strategist
          return (
            <button
              key={role}
              type="button"
              className={`role-toggle${held ? ' is-on' : ''}`}
              data-testid={`role-${role}`}
              aria-pressed={held}
              disabled={locked && lead}
              title={locked && lead ? t('workspace.strategistOnly') : undefined}
              onClick={() => toggle(role)}
            >
              {t(`roles.${role}`)}
            </button>
          )
        })}
      </fieldset>
      {(lead || isMe) && (
        <button
          type="button"
          className="button danger subtle"
          data-testid="remove-member"
          disabled={remove.isPending}
          onClick={() => remove.mutate({ workspaceId, userId: member.userId })}
        >
          {isMe ? t('workspace.leave') : t('workspace.remove')}
        </button>
      )}
      {error && (
        <p className="form-error member-error" role="alert" data-testid="member-error">
          {error}
        </p>
      )}
    </li>
  )
}

function InviteForm({ workspaceId, myRoles }: { workspaceId: string; myRoles: readonly Role[] }) {
  const { t } = useTranslation()
  const clock = useWorkspaceClock()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const id = useId()
  const [error, setError] = useState<string | null>(null)
  // Whether this server sends email: the hint and the result say what happens to the link.
  const info = useQuery(trpc.server.info.queryOptions(undefined, { staleTime: Infinity }))
  const mail = info.data?.mail
  const create = useMutation(
    trpc.invitations.create.mutationOptions({
      onSuccess: () => {
        setError(null)
        void queryClient.invalidateQueries({
          queryKey: trpc.invitations.list.queryKey({ workspaceId }),
        })
      },
      onError: (cause) =>
        setError(t(apiErrorKey(cause, 'workspace.inviteErrors', ['BAD_REQUEST', 'FORBIDDEN']))),
    }),
  )

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const email = String(data.get('email') ?? '').trim()
    const roles = data.getAll('role').map(String) as Role[]
    if (roles.length === 0) {
      setError(t('workspace.errors.noRoles'))
      return
    }
    if (email && !/^[^\s@]+@[^\s@]+$/.test(email)) {
      setError(t('auth.errors.emailInvalid'))
      return
    }
    setError(null)
    create.mutate({ workspaceId, roles, ...(email ? { email } : {}) })
  }

  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('workspace.invite')}</h2>
      <form onSubmit={submit} noValidate className="invite-form">
        <div className="field">
          <label htmlFor={`${id}-email`}>{t('workspace.inviteEmail')}</label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="off"
            data-testid="invite-email"
            aria-describedby={`${id}-hint`}
          />
          <p className="hint" id={`${id}-hint`}>
            {t('workspace.inviteEmailHint')}
            {mail !== undefined &&
              ` ${t(mail ? 'workspace.inviteEmailHintMail' : 'workspace.inviteEmailHintNoMail')}`}
          </p>
        </div>
        <fieldset className="role-checks">
          <legend>{t('workspace.inviteRoles')}</legend>
          {ROLES.map((role) => (
            <label key={role} className="check">
              <input
                type="checkbox"
                name="role"
                value={role}
                defaultChecked={role === 'cm'}
                disabled={role === 'strategist' && !isStrategist(myRoles)}
              />
              {t(`roles.${role}`)}
            </label>
          ))}
        </fieldset>
        <button
          type="submit"
          className="button primary"
          data-testid="create-invite"
          disabled={create.isPending}
        >
          {t('workspace.createInvite')}
        </button>
      </form>
      <FormError message={error} />
      {create.data && (
        <div className="invite-result">
          <p>
            {t(create.data.emailed ? 'workspace.inviteReadyEmailed' : 'workspace.inviteReady', {
              date: clock.text(create.data.expiresAt, 'dateTime'),
            })}
          </p>
          {create.variables.email && (
            <p role="status" data-testid="invite-email-status">
              {t(
                create.data.emailed
                  ? 'workspace.inviteEmailed'
                  : mail
                    ? 'workspace.inviteNotEmailed'
                    : 'workspace.inviteNoSmtp',
                { email: create.variables.email },
              )}
            </p>
          )}
          <CopyRow text={create.data.url} testId="invite-link" copyTestId="copy-invite-link" />
        </div>
      )}
    </section>
  )
}

function PendingInvitations({ workspaceId }: { workspaceId: string }) {
  const { t } = useTranslation()
  const clock = useWorkspaceClock()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const invitations = useQuery(trpc.invitations.list.queryOptions({ workspaceId }))
  const [error, setError] = useState<string | null>(null)
  const revoke = useMutation(
    trpc.invitations.revoke.mutationOptions({
      onSuccess: () =>
        queryClient.invalidateQueries({
          queryKey: trpc.invitations.list.queryKey({ workspaceId }),
        }),
      onError: (cause) => setError(t(apiErrorKey(cause, 'workspace.errors', MEMBER_ERRORS))),
    }),
  )
  const rows = invitations.data ?? []
  return (
    <section className="panel" aria-labelledby="pending-title">
      <h2 id="pending-title">{t('workspace.pending')}</h2>
      {invitations.isSuccess && rows.length === 0 && (
        <p className="muted">{t('workspace.noPending')}</p>
      )}
      <ul className="invitation-list">
        {rows.map((invitation) => (
          <li key={invitation.id} className="invitation-row" data-testid="invitation-row">
            <div>
              <strong>{invitation.email ?? t('workspace.anyoneWithLink')}</strong>
              <span className="role-list">
                {invitation.roles.map((role) => (
                  <span key={role} className="role-badge">
                    {t(`roles.${role}`)}
                  </span>
                ))}
              </span>
              <p className="muted small">
                {t('workspace.invitedBy', {
                  name: invitation.createdByName ?? '—',
                  date: clock.text(invitation.createdAt, 'dateTime'),
                  expires: clock.text(invitation.expiresAt, 'dateTime'),
                })}
              </p>
            </div>
            {invitation.url && (
              <CopyButton
                text={invitation.url}
                testId="copy-pending-invite"
                label={t('workspace.copyLink')}
              />
            )}
            <button
              type="button"
              className="button danger subtle"
              data-testid="revoke-invite"
              disabled={revoke.isPending}
              onClick={() => revoke.mutate({ workspaceId, id: invitation.id })}
            >
              {t('workspace.revoke')}
            </button>
          </li>
        ))}
      </ul>
      <FormError message={error} />
    </section>
  )
}
