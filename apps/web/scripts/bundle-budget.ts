/**
 * The web bundle's budget: `pnpm --filter @pauta/web budget`, after `pnpm --filter @pauta/web build`.
 *
 * Reads Vite's build manifest (dist/.vite/manifest.json) and gzips (level 9) every JavaScript
 * chunk. A route's initial JavaScript is the entry chunk with everything it imports statically,
 * plus the lazy chunks the route needs to paint (ROUTES, below) with everything they import
 * statically, each chunk counted once. Every lazy chunk is also weighed on its own. Prints the
 * figures and exits 1 when any is over its budget, or when a lazy chunk is in neither a route's
 * paint list nor ON_DEMAND (a new lazy import must say whether a route waits for it).
 */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

/** One entry of Vite's manifest.json (the fields this script reads). */
export interface ManifestChunk {
  file: string
  src?: string
  name?: string
  isEntry?: boolean
  isDynamicEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
}
export type Manifest = Record<string, ManifestChunk>

/**
 * A lazy module a route waits for before it paints, by its source path (the manifest's key);
 * a list of several is one of them at a time (the language's strings), weighed as the largest.
 */
export type PaintNeed = string | readonly string[]

export interface RouteBudget {
  /** the route as the router names it (`board`, `board/queue`, …) */
  route: string
  /** a path that opens it, for the reader */
  path: string
  paint: readonly PaintNeed[]
  /** lazy modules the route fetches as it paints, without waiting for them (the charts) */
  afterPaint: readonly string[]
  /** gzipped bytes */
  budget: number
}

export const KB = 1000
/** The board is where people spend their day: its first paint has the tightest budget. */
export const BOARD_BUDGET = 200 * KB
export const ROUTE_BUDGET = 250 * KB
export const LAZY_CHUNK_BUDGET = 150 * KB

/** Every route waits for these: the page's strings, in the one language it is shown in. */
const ALWAYS: readonly PaintNeed[] = [['src/i18n/locales/es.ts', 'src/i18n/locales/en.ts']]
/** What the views and pages but the board add to them (app/pages.tsx, board-views.tsx). */
const VIEW_STRINGS: PaintNeed = ['src/i18n/locales/es-views.ts', 'src/i18n/locales/en-views.ts']

const BOARD_PAGE = 'src/board/BoardPage.tsx'
const DASHBOARD = 'src/dashboards/Dashboard.tsx'
const CHARTS = 'src/dashboards/charts.tsx'
const BOARD_DND = 'src/board/BoardDnd.tsx'
const REVIEW_PAGES = 'src/review/review-pages.ts'

const route = (
  name: string,
  path: string,
  paint: readonly PaintNeed[],
  { budget = ROUTE_BUDGET, afterPaint = [] as readonly string[] } = {},
): RouteBudget => ({ route: name, path, paint: [...ALWAYS, ...paint], afterPaint, budget })

/** Every route of src/app/router.ts, and the lazy modules it waits for to paint. */
export const ROUTES: readonly RouteBudget[] = [
  route('sign-in', '/sign-in', ['src/auth/SignInPage.tsx']),
  route('boards', '/', ['src/boards/BoardsPage.tsx', VIEW_STRINGS]),
  // the cards can be dragged once dnd-kit has arrived, usually before they have
  route('board', '/b/demo', [BOARD_PAGE], { budget: BOARD_BUDGET, afterPaint: [BOARD_DND] }),
  route('board/queue', '/b/demo/queue', [BOARD_PAGE, 'src/queue/QueueView.tsx', VIEW_STRINGS]),
  route('board/team', '/b/demo/team', [BOARD_PAGE, 'src/team/TeamView.tsx', VIEW_STRINGS]),
  route('board/calendar', '/b/demo/calendar', [
    BOARD_PAGE,
    'src/board/board-page/BoardCalendar.tsx',
    VIEW_STRINGS,
  ]),
  route('board/escalations', '/b/demo/escalations', [
    BOARD_PAGE,
    'src/escalations/EscalationInbox.tsx',
    VIEW_STRINGS,
  ]),
  // the figures and tables paint first; each chart takes its box when recharts has arrived
  route('board/flow', '/b/demo/flow', [BOARD_PAGE, DASHBOARD, VIEW_STRINGS], {
    afterPaint: [CHARTS],
  }),
  route('board/pipeline', '/b/demo/pipeline', [BOARD_PAGE, DASHBOARD, VIEW_STRINGS], {
    afterPaint: [CHARTS],
  }),
  route('board-settings', '/b/demo/settings', ['src/settings/BoardSettingsPage.tsx', VIEW_STRINGS]),
  route('workspace', '/w/demo', ['src/workspace/WorkspacePage.tsx', VIEW_STRINGS]),
  route('invite', '/invite/token', ['src/invite/InvitePage.tsx', VIEW_STRINGS]),
  // the review rounds' pages: one chunk for the three
  route('rounds', '/b/demo/rounds', [REVIEW_PAGES, VIEW_STRINGS]),
  route('round', '/b/demo/rounds/round', [REVIEW_PAGES, VIEW_STRINGS]),
  route('review', '/review/token', [REVIEW_PAGES, VIEW_STRINGS]),
  route('account', '/account', ['src/account/AccountPage.tsx', VIEW_STRINGS]),
  route('not-found', '/nowhere', []),
]

/** Lazy modules no route waits for: loaded when someone opens them (and fetched when idle). */
export const ON_DEMAND: readonly string[] = [
  'src/board/CardDialog.tsx',
  'src/board/new-card/NewCardDialog.tsx',
  'src/board/move-to/MoveToDialog.tsx',
  'src/board/MoveFieldsDialog.tsx',
  'src/board/undo/ArchivedDialog.tsx',
  'src/calendar/NewPostDialog.tsx',
  // the card's copy and description, written together: fetched as the card dialog opens
  'src/board/card-dialog/CollabText.tsx',
  // the copy's count against its network and the post's preview: with the card dialog too
  'src/board/card-dialog/CopyPreview.tsx',
]

/** Every chunk some chunk imports dynamically, by manifest key. */
function dynamicTargets(manifest: Manifest): Set<string> {
  const keys = new Set<string>()
  for (const [key, chunk] of Object.entries(manifest)) {
    if (chunk.isDynamicEntry) keys.add(key)
    for (const target of chunk.dynamicImports ?? []) keys.add(target)
  }
  return keys
}

const baseName = (src: string) => src.replace(/^.*\//, '').replace(/\.[^.]+$/, '')

/**
 * The source a lazy chunk stands for. A module imported both lazily and statically by another
 * lazy chunk may land in a shared chunk with no `src`, named after the module: its source is
 * then found by that name among `sources`.
 */
function sourceOf(manifest: Manifest, key: string, sources: readonly string[]): string {
  const chunk = manifest[key]!
  if (chunk.src) return chunk.src
  return sources.find((src) => baseName(src) === chunk.name) ?? key
}

/** The manifest key of the lazy chunk of module `src`. */
function keyOf(manifest: Manifest, src: string): string {
  for (const key of dynamicTargets(manifest)) if (sourceOf(manifest, key, [src]) === src) return key
  throw new Error(`${src} is no lazy chunk of the build: is it still imported lazily?`)
}

/** The chunks `keys` load, with everything they import statically, as manifest keys. */
export function staticClosure(manifest: Manifest, keys: readonly string[]): Set<string> {
  const seen = new Set<string>()
  const visit = (key: string) => {
    if (seen.has(key)) return
    const chunk = manifest[key]
    if (!chunk) throw new Error(`the manifest has no chunk ${key}`)
    seen.add(key)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  for (const key of keys) visit(key)
  return seen
}

export function entryKeys(manifest: Manifest): string[] {
  const keys = Object.keys(manifest).filter((key) => manifest[key]?.isEntry)
  if (keys.length === 0) throw new Error('the manifest has no entry chunk')
  return keys
}

/** Gzipped bytes of a chunk's file. */
export type Weigh = (file: string) => number

/** Bytes of the chunks `keys` stand for, each file counted once. */
function weighAll(manifest: Manifest, keys: Iterable<string>, weigh: Weigh): number {
  const files = new Set([...keys].map((key) => manifest[key]!.file))
  let total = 0
  for (const file of files) total += weigh(file)
  return total
}

/**
 * A route's initial JavaScript: the entry and its static imports, and each lazy module it
 * paints with and their static imports; of a set of alternatives, the heaviest.
 */
export function routeInitial(manifest: Manifest, spec: RouteBudget, weigh: Weigh): number {
  return weighAll(manifest, initialKeys(manifest, spec, weigh), weigh)
}

/** What a route fetches as it paints without waiting for it, beyond its initial JavaScript. */
export function routeAfterPaint(manifest: Manifest, spec: RouteBudget, weigh: Weigh): number {
  const initial = initialKeys(manifest, spec, weigh)
  const later = staticClosure(
    manifest,
    spec.afterPaint.map((src) => keyOf(manifest, src)),
  )
  return weighAll(
    manifest,
    [...later].filter((key) => !initial.has(key)),
    weigh,
  )
}

function initialKeys(manifest: Manifest, spec: RouteBudget, weigh: Weigh): Set<string> {
  let keys = staticClosure(manifest, entryKeys(manifest))
  for (const need of spec.paint) {
    const choices = typeof need === 'string' ? [need] : need
    let heaviest: Set<string> | null = null
    let heaviestBytes = -1
    for (const src of choices) {
      const withChoice = staticClosure(manifest, [...keys, keyOf(manifest, src)])
      const bytes = weighAll(manifest, withChoice, weigh)
      if (bytes > heaviestBytes) {
        heaviest = withChoice
        heaviestBytes = bytes
      }
    }
    if (heaviest) keys = heaviest
  }
  return keys
}

export interface LazyChunk {
  src: string
  file: string
  bytes: number
  /** what a route paints with, fetches as it paints, or ON_DEMAND; null: none (an error) */
  use: 'paint' | 'after paint' | 'on demand' | null
}

/** Every chunk loaded by a dynamic import, weighed alone. */
export function lazyChunks(
  manifest: Manifest,
  weigh: Weigh,
  routes: readonly RouteBudget[] = ROUTES,
  onDemand: readonly string[] = ON_DEMAND,
): LazyChunk[] {
  const painted = new Set(
    routes.flatMap((spec) =>
      spec.paint.flatMap((need) => (typeof need === 'string' ? [need] : need)),
    ),
  )
  const later = new Set(routes.flatMap((spec) => spec.afterPaint))
  const known = [...painted, ...later, ...onDemand]
  return [...dynamicTargets(manifest)]
    .map((key) => {
      const { file } = manifest[key]!
      const src = sourceOf(manifest, key, known)
      const use = painted.has(src)
        ? 'paint'
        : later.has(src)
          ? 'after paint'
          : onDemand.includes(src)
            ? 'on demand'
            : null
      return { src, file, bytes: weigh(file), use } satisfies LazyChunk
    })
    .sort((a, b) => b.bytes - a.bytes || a.src.localeCompare(b.src))
}

export interface Row {
  name: string
  bytes: number
  budget: number
  ok: boolean
  /** said after the verdict */
  note?: string
}

export interface Report {
  routes: Row[]
  lazy: (Row & { use: LazyChunk['use'] })[]
  /** what fails the check besides sizes */
  problems: string[]
}

export function budgetReport(
  manifest: Manifest,
  weigh: Weigh,
  routes: readonly RouteBudget[] = ROUTES,
  onDemand: readonly string[] = ON_DEMAND,
): Report {
  const routeRows = routes.map((spec): Row => {
    const bytes = routeInitial(manifest, spec, weigh)
    const later = spec.afterPaint.length > 0 ? routeAfterPaint(manifest, spec, weigh) : 0
    return {
      name: spec.route,
      bytes,
      budget: spec.budget,
      ok: bytes < spec.budget,
      ...(later > 0 && { note: `then ${kb(later)} after paint` }),
    }
  })
  const lazy = lazyChunks(manifest, weigh, routes, onDemand).map((chunk) => ({
    name: chunk.src,
    bytes: chunk.bytes,
    budget: LAZY_CHUNK_BUDGET,
    ok: chunk.bytes < LAZY_CHUNK_BUDGET,
    use: chunk.use,
    note: chunk.use ?? 'UNLISTED',
  }))
  const problems = lazy
    .filter((chunk) => chunk.use === null)
    .map(
      (chunk) =>
        `${chunk.name} is loaded lazily but no route paints with it or after, and it is not ON_DEMAND (scripts/bundle-budget.ts)`,
    )
  const lazySources = new Set(lazy.map((chunk) => chunk.name))
  for (const src of onDemand)
    if (!lazySources.has(src)) problems.push(`${src} (ON_DEMAND) is no lazy chunk of the build`)
  return { routes: routeRows, lazy, problems }
}

export function passed(report: Report): boolean {
  return (
    report.problems.length === 0 &&
    report.routes.every((row) => row.ok) &&
    report.lazy.every((row) => row.ok)
  )
}

const kb = (bytes: number) => (bytes / KB).toFixed(1)

function table(title: string, rows: readonly Row[]): string {
  const width = Math.max(title.length, ...rows.map((row) => row.name.length))
  const lines = [
    `${title.padEnd(width)}  ${'kB gzip'.padStart(8)}  ${'budget'.padStart(7)}`,
    ...rows.map(
      (row) =>
        `${row.name.padEnd(width)}  ${kb(row.bytes).padStart(8)}  ${`< ${row.budget / KB}`.padStart(7)}  ${
          row.ok ? 'ok' : 'OVER'
        }${row.note ? `  ${row.note}` : ''}`,
    ),
  ]
  return lines.join('\n')
}

export function formatReport(report: Report): string {
  return [
    table('route (initial JS)', report.routes),
    '',
    table('lazy chunk (alone)', report.lazy),
    ...(report.problems.length > 0 ? ['', ...report.problems] : []),
  ].join('\n')
}

function main(): void {
  const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist')
  let manifest: Manifest
  try {
    manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'))
  } catch {
    console.error('No dist/.vite/manifest.json: build first (pnpm --filter @pauta/web build).')
    process.exit(1)
  }
  const sizes = new Map<string, number>()
  const weigh: Weigh = (file) => {
    let bytes = sizes.get(file)
    if (bytes === undefined) {
      bytes = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length
      sizes.set(file, bytes)
    }
    return bytes
  }
  const report = budgetReport(manifest, weigh)
  console.log(formatReport(report))
  if (!passed(report)) {
    console.error('\nOver the bundle budget (apps/web/README.md, "Bundle budget").')
    process.exit(1)
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main()
