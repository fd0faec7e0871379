import { useTranslation } from '../i18n/use-translation.ts'
import { initials } from './card-format.ts'
import { usePeers } from './use-board.ts'

const SHOWN = 5

/** Who else has this board open, as the server stamped their presence. */
export function Presence() {
  const { t } = useTranslation()
  const peers = usePeers()
  if (peers.length === 0) return null
  const hidden = peers.slice(SHOWN)
  return (
    <ul className="presence" aria-label={t('presence.label')}>
      {peers.slice(0, SHOWN).map((peer) => (
        <li
          key={peer.id}
          className="avatar"
          style={{ backgroundColor: peer.color }}
          data-testid="presence-avatar"
          data-user-id={peer.id}
          title={peer.name}
        >
          <span aria-hidden="true">{initials(peer.name)}</span>
          <span className="visually-hidden">{peer.name}</span>
        </li>
      ))}
      {hidden.length > 0 && (
        <li className="avatar more" title={hidden.map((peer) => peer.name).join(', ')}>
          {t('presence.more', { count: hidden.length })}
        </li>
      )}
    </ul>
  )
}
