import { NETWORKS, type Network } from '@pauta/domain'
import { type MouseEvent, useMemo, useSyncExternalStore } from 'react'

export type Route =
  | { name: 'boards' }
  | { name: 'sign-in'; next: string | null }
  | { name: 'board'; boardId: string; view: BoardView; cardId: string | null }
  | { name: 'board-settings'; boardId: string }
  | { name: 'workspace'; workspaceId: string }
  | { name: 'invite'; token: string }
  | { name: 'rounds'; boardId: string }
  | { name: 'round'; boardId: string; roundId: string }
  | { name: 'review'; token: string }
  | { name: 'account' }
  | { name: 'not-found' }

/** The ways to look at one open board; all share one live session. */
export const BOARD_VIEWS = [
  'board',
  'queue',
  'team',
  'calendar',
  'escalations',
  'flow',
  'pipeline',
] as const
export type BoardView = (typeof BOARD_VIEWS)[number]

const NAVIGATE_EVENT = 'pauta:navigate'

/** Only same-app paths may be a post-sign-in target, never another origin. */
export function safeNext(next: string | null): string | null {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null
  return next
}

export function parseRoute(pathname: string, search = ''): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  if (path === '/') return { name: 'boards' }
  if (path === '/sign-in') {
    return { name: 'sign-in', next: safeNext(new URLSearchParams(search).get('next')) }
  }
  if (path === '/account') return { name: 'account' }
  const match = (pattern: RegExp): string | null => {
    const raw = pattern.exec(path)?.[1]
    if (!raw) return null
    try {
      return decodeURIComponent(raw)
    } catch {
      return null
    }
  }
  const cardId = new URLSearchParams(search).get('card')
  const boardId = match(/^\/b\/([^/]+)$/)
  if (boardId) return { name: 'board', boardId, view: 'board', cardId }
  const viewMatch = /^\/b\/([^/]+)\/(queue|team|calendar|escalations|flow|pipeline)$/.exec(path)
  const viewBoard = viewMatch && match(/^\/b\/([^/]+)\//)
  if (viewMatch && viewBoard)
    return { name: 'board', boardId: viewBoard, view: viewMatch[2] as BoardView, cardId }
  const settingsOf = match(/^\/b\/([^/]+)\/settings$/)
  if (settingsOf) return { name: 'board-settings', boardId: settingsOf }
  const roundsOf = match(/^\/b\/([^/]+)\/rounds$/)
  if (roundsOf) return { name: 'rounds', boardId: roundsOf }
  const roundOf = match(/^\/b\/([^/]+)\/rounds\/[^/]+$/)
  const roundId = match(/^\/b\/[^/]+\/rounds\/([^/]+)$/)
  if (roundOf && roundId) return { name: 'round', boardId: roundOf, roundId }
  const workspaceId = match(/^\/w\/([^/]+)$/)
  if (workspaceId) return { name: 'workspace', workspaceId }
  const token = match(/^\/invite\/([^/]+)$/)
  if (token) return { name: 'invite', token }
  const reviewToken = match(/^\/review\/([^/]+)$/)
  if (reviewToken) return { name: 'review', token: reviewToken }
  return { name: 'not-found' }
}

export function boardPath(boardId: string): string {
  return `/b/${encodeURIComponent(boardId)}`
}

/** A board in one of its views, optionally with a card open. */
export function boardViewPath(boardId: string, view: BoardView, cardId?: string | null): string {
  const base = view === 'board' ? boardPath(boardId) : `${boardPath(boardId)}/${view}`
  return cardId ? `${base}?card=${encodeURIComponent(cardId)}` : base
}

/**
 * What the board view shows, as its URL carries it (`?q=cafe&assignee=u1&network=instagram&mine=1`).
 * `assignee` is a member's id, or `none` for the cards nobody holds; `approval` a state of the
 * posts' approval (`approval=in-review`).
 */
export interface BoardFilter {
  /** the search as typed (matched ignoring case and accents) */
  q: string
  assignee: string | null
  network: Network | null
  campaign: string | null
  objective: string | null
  tag: string | null
  /** [APPR2] only the posts the approval policy covers, in this state */
  approval: ApprovalFilter | null
  /** only the cards assigned to whoever looks */
  mine: boolean
}

/**
 * What the approval filter asks for: a post in review (whoever answers), one waiting for the
 * client's answer, or one in another state. Kept in the board's URL as `approval=`.
 */
export const APPROVAL_FILTERS = [
  'in-review',
  'client',
  'changes-requested',
  'approved',
  'draft',
] as const
export type ApprovalFilter = (typeof APPROVAL_FILTERS)[number]

/** `value` as an approval filter, or null when it is none (a URL's unknown value). */
export function toApprovalFilter(value: string | null | undefined): ApprovalFilter | null {
  return (APPROVAL_FILTERS as readonly (string | null | undefined)[]).includes(value)
    ? (value as ApprovalFilter)
    : null
}

/** The `assignee` value that stands for "nobody holds it". */
export const UNASSIGNED = 'none'

export const NO_BOARD_FILTER: BoardFilter = Object.freeze({
  q: '',
  assignee: null,
  network: null,
  campaign: null,
  objective: null,
  tag: null,
  approval: null,
  mine: false,
})

const BOARD_FILTER_PARAMS = [
  'q',
  'assignee',
  'network',
  'campaign',
  'objective',
  'tag',
  'approval',
  'mine',
]
const MAX_FILTER_TEXT = 200

/** Reads the board's filter from a query string; anything unknown or malformed is no filter. */
export function parseBoardFilter(search: string): BoardFilter {
  const params = new URLSearchParams(search)
  const text = (name: string) => params.get(name)?.trim().slice(0, MAX_FILTER_TEXT) || null
  const network = text('network')
  return {
    q: params.get('q')?.slice(0, MAX_FILTER_TEXT) ?? '',
    assignee: text('assignee'),
    network:
      network && (NETWORKS as readonly string[]).includes(network) ? (network as Network) : null,
    campaign: text('campaign'),
    objective: text('objective'),
    tag: text('tag'),
    approval: toApprovalFilter(params.get('approval')),
    mine: params.get('mine') === '1',
  }
}

/**
 * The filter as a query string (with its `?`, or empty), keeping every other parameter of
 * `current` (an open card's `card=`). Empty filters are left out: a plain board has a plain URL.
 */
export function boardFilterSearch(filter: BoardFilter, current = ''): string {
  const params = new URLSearchParams(current)
  for (const name of BOARD_FILTER_PARAMS) params.delete(name)
  if (filter.q.trim()) params.set('q', filter.q)
  for (const name of ['assignee', 'network', 'campaign', 'objective', 'tag', 'approval'] as const) {
    const value = filter[name]
    if (value) params.set(name, value)
  }
  if (filter.mine) params.set('mine', '1')
  return searchText(params)
}

/** `current` without one parameter (closing a card opened by its link keeps the filters). */
export function searchWithout(current: string, name: string): string {
  const params = new URLSearchParams(current)
  params.delete(name)
  return searchText(params)
}

function searchText(params: URLSearchParams): string {
  const text = params.toString()
  return text ? `?${text}` : ''
}

export function boardSettingsPath(boardId: string): string {
  return `${boardPath(boardId)}/settings`
}

/** A board's review rounds, or one of them. */
export function roundsPath(boardId: string, roundId?: string): string {
  const base = `${boardPath(boardId)}/rounds`
  return roundId ? `${base}/${encodeURIComponent(roundId)}` : base
}

export function workspacePath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}`
}

export function signInPath(next: string | null): string {
  return next && next !== '/' ? `/sign-in?next=${encodeURIComponent(next)}` : '/sign-in'
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentLocation()) return
  if (options.replace) history.replaceState(null, '', to)
  else history.pushState(null, '', to)
  window.dispatchEvent(new Event(NAVIGATE_EVENT))
}

function currentLocation(): string {
  return location.pathname + location.search
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener)
  window.addEventListener(NAVIGATE_EVENT, listener)
  return () => {
    window.removeEventListener('popstate', listener)
    window.removeEventListener(NAVIGATE_EVENT, listener)
  }
}

export function useLocation(): string {
  return useSyncExternalStore(subscribe, currentLocation)
}

export function useRoute(): Route {
  const href = useLocation()
  return useMemo(() => {
    const url = new URL(href, 'http://pauta.invalid')
    return parseRoute(url.pathname, url.search)
  }, [href])
}

/** Client-side navigation for an `<a href>`; modified clicks keep the browser's behaviour. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey ||
    event.altKey ||
    event.currentTarget.target === '_blank'
  ) {
    return
  }
  event.preventDefault()
  navigate(event.currentTarget.getAttribute('href') ?? '/')
}
