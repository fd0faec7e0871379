import { FullPageMessage } from '../../app/FullPageMessage.tsx'
import { Link } from '../../app/Link.tsx'
import { useTranslation } from '../../i18n/use-translation.ts'
import type { ClosedNotice } from './closed-notice.ts'

/**
 * The banners under the header: why the session is closed (unless that is said in place of
 * the board), and that the person only reads this board.
 */
export function BoardNotices({ closed, readOnly }: { closed: ClosedNotice; readOnly: boolean }) {
  const { t } = useTranslation()
  return (
    <>
      {closed.text && !closed.damagedInPlace && (
        <div className={`notice ${closed.kind === 'rejected' ? 'warning' : 'error'}`} role="alert">
          {closed.text}
        </div>
      )}
      {readOnly && (
        <div className="notice info" role="status">
          {t('board.readOnly')}
        </div>
      )}
    </>
  )
}

/** In place of a board the server cannot load: why, and the way back to the boards. */
export function BoardDamaged({ text }: { text: string | null }) {
  const { t } = useTranslation()
  return (
    <div className="board-loading board-damaged" role="alert" data-testid="board-damaged">
      <p>{text}</p>
      <Link to="/">{t('app.backToBoards')}</Link>
    </div>
  )
}

/** A spinner in place of a board, or a view, still loading. */
export function BoardLoading() {
  const { t } = useTranslation()
  return (
    <div className="board-loading" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      {t('board.loading')}
    </div>
  )
}

/** In place of a view whose code could not be fetched (offline, or a newer app on the server). */
export function BoardPartFailed({ retry }: { retry: () => void }) {
  const { t } = useTranslation()
  return (
    <div className="board-loading" role="alert">
      <p>{t('app.partFailed')}</p>
      <button type="button" className="button" onClick={retry}>
        {t('app.retry')}
      </button>
    </div>
  )
}

/** In place of the whole page: the board is not there, or no longer this person's to see. */
export function BoardUnavailable({ accessLost }: { accessLost: boolean }) {
  const { t } = useTranslation()
  return (
    <FullPageMessage>
      <p role="alert">{t(accessLost ? 'board.accessLost' : 'board.notFound')}</p>
      <Link to="/">{t('app.backToBoards')}</Link>
    </FullPageMessage>
  )
}
