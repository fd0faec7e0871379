import {
  APPROVAL_POLICIES,
  APPROVAL_STATES,
  CARD_FIELDS,
  COPY_MEASURES,
  NETWORKS,
  REVIEWERS,
  ROLES,
  SENTIMENTS,
  SEVERITIES,
  STAGES,
  stageFieldSchema,
} from '@pauta/domain'
import { describe, expect, it } from 'vitest'
import { BOARD_VIEWS } from '../app/router.ts'
import type { ConnectionStatus } from '../board/board-session.ts'
import { CALENDAR_MODES } from '../calendar/calendar-period.ts'
import type { DashboardKind } from '../dashboards/Dashboard.tsx'
import type { HeadlineReason } from '../dashboards/dashboard-api.ts'
import type { EscalationTileKey } from '../dashboards/escalation-tiles.ts'
import { RESOLVE_TARGETS } from '../escalations/resolve.ts'
import type { FieldProblem } from '../queue/queue-actions.ts'
import { QUEUE_ACTIONS } from '../queue/queue-actions.ts'
import { QUEUE_SECTIONS } from '../queue/queue-sections.ts'
import type { LinkProblem } from '../review/review-links.ts'
import { PERIOD_PRESETS } from '../review/round-period.ts'
import type { AskField } from '../rules/move-plan.ts'
import { LANGUAGES } from './i18n.ts'
import { RESOURCES } from './resources.ts'

// Every key the app asks for exists in both languages: a missing one shows to people as its
// raw name ("fieldLabels.objective"). Literal keys are found in the source; keys built at run
// time (t(`stages.${stage}`)) are listed below with every value they can take.

/** Every member of a string union, checked complete by the compiler. */
const all = <T extends string>(members: Record<T, true>): T[] => Object.keys(members) as T[]

const MOVE_LABELS = [
  'scheduledAt',
  'publishedAt',
  'assigneeId',
  'escalationReason',
  'resolutionNote',
  'description',
] satisfies AskField[]

/** tRPC procedure names that begin with the same word as a section of strings. */
const NOT_KEYS = new Set([
  'auth.me',
  'boards.get',
  'boards.updateSettings',
  'dashboards.bottlenecks',
  'dashboards.pipeline',
  'notifications.list',
  'notifications.live',
])

/** Each key built at run time, `*` for its variable part, with the values that part takes. */
const DYNAMIC: Record<string, readonly string[]> = {
  'stages.*': STAGES,
  'onboarding.guide.stages.*': STAGES,
  'roles.*': ROLES,
  'roleShort.*': ROLES,
  'roleNouns.*': ROLES,
  'networks.*': NETWORKS,
  'approval.states.*': APPROVAL_STATES,
  'approval.reviewers.*': REVIEWERS,
  // the review steps' buttons
  'approval.*': ['send', 'approve', 'changes'],
  'settings.approvalPolicies.*': APPROVAL_POLICIES,
  'copyFit.*': COPY_MEASURES,
  'copyPreview.measures.*': COPY_MEASURES,
  'copyPreview.limits.*': COPY_MEASURES,
  'severities.*': SEVERITIES,
  'fieldLabels.*': stageFieldSchema.options,
  'fieldNouns.*': CARD_FIELDS,
  // the move dialog's labels: its own words for dates and texts, the card's for the rest
  'moveFields.*': MOVE_LABELS,
  'card.*': ['campaign', 'tags', 'title'],
  'connection.*': all<ConnectionStatus>({ online: true, offline: true, syncing: true }),
  'views.*': BOARD_VIEWS,
  'workspace.*': ['campaigns', 'objectives'],
  'languages.*': LANGUAGES,
  'calendar.*': CALENDAR_MODES,
  'invite.status.*': ['accepted', 'revoked', 'expired'],
  'queue.sentiments.*': SENTIMENTS,
  'card.sentiments.*': SENTIMENTS,
  'queue.problems.*': all<FieldProblem>({
    required: true,
    invalidDate: true,
    invalidLink: true,
    wholeNumber: true,
    tooLong: true,
    emptyNote: true,
  }),
  'queue.note.*': ['reach', 'engagement', 'comments'],
  'queue.groups.*': QUEUE_SECTIONS,
  'queue.hints.*': ['following', 'takeable'],
  'queue.empty.*': QUEUE_SECTIONS,
  'queue.actions.*': QUEUE_ACTIONS,
  'queue.actionHints.*': QUEUE_ACTIONS,
  'escalations.resolve.targets.*': RESOLVE_TARGETS,
  'escalations.resolve.targetHints.*': RESOLVE_TARGETS,
  'dashboards.escalations.*': all<EscalationTileKey>({
    open: true,
    breached: true,
    breachedInPeriod: true,
  }),
  'dashboards.escalationHints.*': all<EscalationTileKey>({
    open: true,
    breached: true,
    breachedInPeriod: true,
  }),
  'dashboards.csvNames.*': [
    'stages',
    'aging',
    'reviews',
    'cms',
    'counts',
    'throughput',
    'leadTime',
    'cfd',
  ],
  'dashboards.headline.reason.*': all<HeadlineReason>({
    'over-limit': true,
    slowest: true,
    aging: true,
  }),
  'review.presets.*': PERIOD_PRESETS,
  'review.decisions.*': ['send', 'approve', 'changes', 'edited'],
  'review.linkProblems.*': all<LinkProblem>({ label: true, email: true, pin: true, days: true }),
  'dashboards.headline.reviewReason.*': all<HeadlineReason>({
    'over-limit': true,
    slowest: true,
    aging: true,
  }),
  'dashboards.headline.review.*': REVIEWERS,
  'dashboards.review.lines.*': REVIEWERS,
  'dashboards.review.nowWaiting.*': REVIEWERS,
  'dashboards.review.status.*': [...REVIEWERS, 'nobody'],
  'dashboards.*.title': all<DashboardKind>({ flow: true, pipeline: true }),
  'dashboards.*.intro': all<DashboardKind>({ flow: true, pipeline: true }),
}

/** The app's sources as text, tests left out (read by Vite: no Node built-ins in the web app). */
const SOURCES = import.meta.glob<string>(
  ['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.test.tsx'],
  { query: '?raw', import: 'default', eager: true },
)

const NAMESPACES = new Set(Object.keys(RESOURCES.en))
const KEY = /^[a-zA-Z]+(?:\.[a-zA-Z0-9_]+)+$/

/** String literals that name a key: a known first part, then dotted words. */
function literalKeys(code: string): string[] {
  const found: string[] = []
  for (const match of code.matchAll(/'([^'\n]*)'|"([^"\n]*)"|`([^`$]*)`/g)) {
    const text = match[1] ?? match[2] ?? match[3] ?? ''
    if (KEY.test(text) && NAMESPACES.has(text.split('.')[0]!) && !NOT_KEYS.has(text))
      found.push(text)
  }
  return found
}

/** The words of a string array written out: `['A', 'B']`. */
function listed(text: string): string[] {
  return [...text.matchAll(/'([^']*)'/g)].map((match) => match[1]!)
}

/**
 * `apiErrorKey(cause, 'scope', codes)` asks for `scope.CODE` for each code it knows (written
 * out, or a constant of the same file); the scope alone is no key.
 */
function errorKeys(code: string): { keys: string[]; scopes: Set<string> } {
  const keys: string[] = []
  const scopes = new Set<string>()
  for (const match of code.matchAll(/apiErrorKey\([^,]+,\s*'([^']+)',\s*(\[[^\]]*\]|\w+)\)/g)) {
    const [, scope, known] = match as unknown as [string, string, string]
    scopes.add(scope)
    const codes = known.startsWith('[')
      ? listed(known)
      : listed(new RegExp(`const ${known} = (\\[[^\\]]*\\])`).exec(code)?.[1] ?? '')
    for (const error of codes) keys.push(`${scope}.${error}`)
  }
  return { keys, scopes }
}

/** Template literals that build a key: `ns.${x}` becomes `ns.*`. */
function dynamicKeys(code: string): string[] {
  const found: string[] = []
  for (const match of code.matchAll(/`([^`]*\$\{[^`]*)`/g)) {
    const pattern = match[1]!.replace(/\$\{[^}]*\}/g, '*')
    if (/^[a-zA-Z]+\.[a-zA-Z0-9_.*]+$/.test(pattern) && NAMESPACES.has(pattern.split('.')[0]!))
      found.push(pattern)
  }
  return found
}

function lookup(resources: object, key: string): unknown {
  let node: unknown = resources
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return node
}

/** A key resolves to a string, or to plural forms of one. */
function resolves(resources: object, key: string): boolean {
  if (typeof lookup(resources, key) === 'string') return true
  return typeof lookup(resources, `${key}_other`) === 'string'
}

function keyPaths(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix]
  return Object.entries(value).flatMap(([k, v]) => keyPaths(v, prefix ? `${prefix}.${k}` : k))
}

const files = Object.entries(SOURCES).map(([file, code]) => ({
  file: file.replace(/^\.\.\//, ''),
  code,
}))

describe('every key the app uses exists in Spanish and English', () => {
  it('the literal keys in the source', () => {
    // every source file is read (a glob that matched nothing would pass anything)
    expect(files.map((f) => f.file)).toContain('board/CardDialog.tsx')
    const missing: string[] = []
    for (const { file, code } of files) {
      const errors = errorKeys(code)
      const keys = [...literalKeys(code).filter((key) => !errors.scopes.has(key)), ...errors.keys]
      for (const key of keys) {
        for (const language of LANGUAGES) {
          if (!resolves(RESOURCES[language], key)) missing.push(`${language}: ${key} (${file})`)
        }
      }
    }
    expect(missing).toEqual([])
  })

  it('every key built at run time is listed here, with all its values', () => {
    const unlisted = new Set<string>()
    for (const { file, code } of files) {
      for (const pattern of dynamicKeys(code))
        if (!(pattern in DYNAMIC)) unlisted.add(`${pattern} (${file})`)
    }
    expect([...unlisted]).toEqual([])
  })

  it('the keys built at run time, for every value they take', () => {
    const missing: string[] = []
    for (const [pattern, values] of Object.entries(DYNAMIC)) {
      for (const value of values) {
        const key = pattern.replace('*', value)
        for (const language of LANGUAGES) {
          if (!resolves(RESOURCES[language], key)) missing.push(`${language}: ${key}`)
        }
      }
    }
    expect(missing).toEqual([])
  })

  it('Spanish and English have the same keys', () => {
    expect(keyPaths(RESOURCES.es).sort()).toEqual(keyPaths(RESOURCES.en).sort())
  })
})
