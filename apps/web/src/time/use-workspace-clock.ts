import { createContext, useContext, useMemo } from 'react'
import { BoardContext } from '../board/use-board.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import {
  type ClockStyle,
  type ClockZones,
  type DualTime,
  dualTime,
  formatInZone,
  viewerTimeZone,
} from './clock-format.ts'

/**
 * The workspace zone for what is outside a board (the notifications bell names each
 * notification's own); inside a board, the board's workspace's zone is used.
 */
export const ClockZoneContext = createContext<string | null>(null)

export interface WorkspaceClock extends ClockZones {
  /** On the workspace's clock only. */
  format: (at: Date | string, style: ClockStyle) => string
  /** On the workspace's clock, and the device's where it reads differently. */
  dual: (at: Date | string, style: ClockStyle) => DualTime | null
  /** The same as one line of text, for sentences and labels: "11:43 (18:43 your time)". */
  text: (at: Date | string, style: ClockStyle) => string
}

/** Plain text of a dual time: the workspace's, then the device's in brackets. */
export function dualText(
  dual: DualTime | null,
  t: (key: string, values: Record<string, string>) => string,
): string {
  if (!dual) return ''
  return dual.viewer
    ? `${dual.workspace} ${t('time.yourTime', { time: dual.viewer.text })}`
    : dual.workspace
}

/**
 * Every time Pauta shows is on the workspace's clock: the zone named by the nearest
 * `ClockZoneContext`, else the open board's workspace's, else (nothing to go by) the device's.
 */
export function useWorkspaceClock(): WorkspaceClock {
  const { t, i18n } = useTranslation()
  const named = useContext(ClockZoneContext)
  const board = useContext(BoardContext)
  const viewerZone = useMemo(viewerTimeZone, [])
  const timeZone = named ?? board?.timeZone ?? viewerZone
  const language = i18n.language
  return useMemo<WorkspaceClock>(() => {
    const zones = { language, timeZone, viewerZone }
    const dual = (at: Date | string, style: ClockStyle) => dualTime(at, zones, style)
    return {
      ...zones,
      format: (at, style) => formatInZone(at, language, timeZone, style),
      dual,
      text: (at, style) => dualText(dual(at, style), t),
    }
  }, [language, timeZone, viewerZone, t])
}
