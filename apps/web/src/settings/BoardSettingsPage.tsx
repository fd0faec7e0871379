import { type BoardSettings, DEFAULT_RULES, isStrategist } from '@pauta/domain'
import { useQuery } from '@tanstack/react-query'
import { type FormEvent, useState } from 'react'
import { trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { AppHeader } from '../app/AppHeader.tsx'
import { FullPageMessage } from '../app/FullPageMessage.tsx'
import { Link } from '../app/Link.tsx'
import { boardPath } from '../app/router.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import { ApprovalPanel } from './settings-editor/ApprovalPanel.tsx'
import { CopyFitPanel } from './settings-editor/CopyFitPanel.tsx'
import { RequiredFieldsPanel } from './settings-editor/RequiredFieldsPanel.tsx'
import { SettingsActions, SettingsProblems } from './settings-editor/SettingsFooter.tsx'
import { SlaPanel } from './settings-editor/SlaPanel.tsx'
import { TransitionsPanel } from './settings-editor/TransitionsPanel.tsx'
import { useSaveSettings } from './settings-editor/use-save-settings.ts'
import { WipLimitsPanel } from './settings-editor/WipLimitsPanel.tsx'
import {
  fromSettingsForm,
  type SettingsErrors,
  type SettingsForm,
  toSettingsForm,
} from './settings-form.ts'

/** `/b/<id>/settings`: a board's workflow rules. Its strategists edit; everyone else reads. */
export function BoardSettingsPage({ boardId }: { boardId: string }) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const board = useQuery(trpc.boards.get.queryOptions({ boardId }))
  const code = trpcErrorCode(board.error)
  if (code === 'NOT_FOUND' || code === 'FORBIDDEN') {
    return (
      <FullPageMessage>
        <p role="alert">{t('board.notFound')}</p>
        <Link to="/">{t('app.backToBoards')}</Link>
      </FullPageMessage>
    )
  }
  return (
    <div className="page">
      <AppHeader
        title={
          <div className="board-heading">
            <h1>{t('settings.title')}</h1>
            {board.data && (
              <Link to={boardPath(boardId)} className="muted small" data-testid="back-to-board">
                {board.data.name}
              </Link>
            )}
          </div>
        }
      />
      <main className="settings-page wide" id="main">
        {board.isPending && <p className="muted">{t('app.loading')}</p>}
        {board.data && (
          <SettingsEditor
            boardId={boardId}
            settings={board.data.settings}
            campaigns={board.data.campaigns}
            workspaceId={board.data.workspaceId}
            editable={isStrategist(board.data.roles)}
          />
        )}
      </main>
    </div>
  )
}

/**
 * The settings form: holds the form's state and its errors, checks it on submit and saves it;
 * each panel (transitions, required fields, WIP limits, response times, the copy's fit) edits
 * its part.
 */
function SettingsEditor({
  boardId,
  settings,
  campaigns,
  workspaceId,
  editable,
}: {
  boardId: string
  settings: BoardSettings
  /** the workspace's campaigns, for the approval policy's choice */
  campaigns: readonly string[]
  workspaceId: string
  editable: boolean
}) {
  const { t } = useTranslation()
  const [form, setForm] = useState<SettingsForm>(() => toSettingsForm(settings))
  const [errors, setErrors] = useState<SettingsErrors>({})
  const { save, saved, setSaved, serverErrors } = useSaveSettings(boardId)

  const change = (next: SettingsForm) => {
    setForm(next)
    setSaved(false)
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!editable) return
    const parsed = fromSettingsForm(form)
    if (!parsed.ok) {
      setErrors(parsed.errors)
      return
    }
    setErrors({})
    save.mutate({ boardId, settings: parsed.settings })
  }

  const reset = () => {
    const defaults = toSettingsForm({ wipLimits: {}, rules: DEFAULT_RULES })
    change({ ...defaults, wipLimits: form.wipLimits })
  }

  return (
    <form onSubmit={submit} noValidate className="settings-form">
      {!editable && (
        <p className="notice info" data-testid="settings-read-only">
          {t('settings.readOnly')}
        </p>
      )}
      <fieldset disabled={!editable} className="settings-fieldset">
        <TransitionsPanel form={form} change={change} />
        <RequiredFieldsPanel form={form} change={change} />
        <WipLimitsPanel form={form} change={change} errors={errors} />
        <SlaPanel form={form} change={change} errors={errors} />
        <CopyFitPanel form={form} change={change} />
        <ApprovalPanel
          form={form}
          change={change}
          campaigns={campaigns}
          workspaceId={workspaceId}
        />
      </fieldset>
      <SettingsProblems errors={errors} serverErrors={serverErrors} />
      {editable && <SettingsActions saved={saved} saving={save.isPending} onReset={reset} />}
    </form>
  )
}
