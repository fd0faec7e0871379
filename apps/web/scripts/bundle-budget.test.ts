import { describe, expect, it } from 'vitest'
import { BOARD_VIEWS, parseRoute, type Route } from '../src/app/router.ts'
import {
  budgetReport,
  KB,
  lazyChunks,
  type Manifest,
  passed,
  ROUTES,
  type RouteBudget,
  routeAfterPaint,
  routeInitial,
  staticClosure,
} from './bundle-budget.ts'

// A build in miniature: an entry with two vendors, a page with a shared chunk the entry also
// imports, a dialog only the page imports, two languages and a chart library.
const manifest: Manifest = {
  'index.html': {
    file: 'assets/index.js',
    isEntry: true,
    imports: ['_react.js', '_shared.js'],
    dynamicImports: ['src/Page.tsx', 'src/en.ts', 'src/es.ts'],
  },
  '_react.js': { file: 'assets/react.js' },
  '_shared.js': { file: 'assets/shared.js', imports: ['_react.js'] },
  '_yjs.js': { file: 'assets/yjs.js', imports: ['_react.js'] },
  'src/Page.tsx': {
    file: 'assets/Page.js',
    src: 'src/Page.tsx',
    isDynamicEntry: true,
    imports: ['index.html', '_shared.js', '_yjs.js'],
    dynamicImports: ['src/Dialog.tsx', '_Charts.js'],
  },
  'src/Dialog.tsx': {
    file: 'assets/Dialog.js',
    src: 'src/Dialog.tsx',
    isDynamicEntry: true,
    imports: ['src/Page.tsx', '_yjs.js'],
  },
  // imported lazily and statically by another lazy chunk: a shared chunk without a src
  '_Charts.js': { file: 'assets/Charts.js', name: 'Charts', imports: ['_react.js'] },
  'src/en.ts': { file: 'assets/en.js', src: 'src/en.ts', isDynamicEntry: true },
  'src/es.ts': { file: 'assets/es.js', src: 'src/es.ts', isDynamicEntry: true },
}

const SIZES: Record<string, number> = {
  'assets/index.js': 10,
  'assets/react.js': 60,
  'assets/shared.js': 5,
  'assets/yjs.js': 30,
  'assets/Page.js': 20,
  'assets/Dialog.js': 4,
  'assets/Charts.js': 100,
  'assets/en.js': 11,
  'assets/es.js': 12,
}
const weigh = (file: string) => SIZES[file]! * KB

const spec = (paint: RouteBudget['paint'], afterPaint: string[] = []): RouteBudget => ({
  route: 'r',
  path: '/',
  paint,
  afterPaint,
  budget: 200 * KB,
})

describe('the bundle budget', () => {
  it('follows static imports transitively, each chunk once', () => {
    expect([...staticClosure(manifest, ['src/Dialog.tsx'])].sort()).toEqual(
      ['_react.js', '_shared.js', '_yjs.js', 'index.html', 'src/Dialog.tsx', 'src/Page.tsx'].sort(),
    )
  })

  it("counts the entry's closure, then each lazy chunk painted with and its imports, once", () => {
    expect(routeInitial(manifest, spec([]), weigh)).toBe((10 + 60 + 5) * KB)
    // the page brings yjs; react and the shared chunk are counted once
    expect(routeInitial(manifest, spec(['src/Page.tsx']), weigh)).toBe((75 + 20 + 30) * KB)
  })

  it('weighs one of several alternatives (the languages) as the heaviest', () => {
    expect(routeInitial(manifest, spec([['src/en.ts', 'src/es.ts']]), weigh)).toBe((75 + 12) * KB)
  })

  it('weighs what a route fetches after it paints apart, beyond what it painted with', () => {
    const flow = spec(['src/Page.tsx'], ['src/Charts.tsx'])
    expect(routeInitial(manifest, flow, weigh)).toBe(125 * KB)
    expect(routeAfterPaint(manifest, flow, weigh)).toBe(100 * KB)
  })

  it('lists every lazy chunk alone, with what loads it', () => {
    const routes = [spec(['src/Page.tsx', ['src/en.ts', 'src/es.ts']], ['src/Charts.tsx'])]
    const chunks = lazyChunks(manifest, weigh, routes, ['src/Dialog.tsx'])
    expect(chunks.map((chunk) => [chunk.src, chunk.bytes / KB, chunk.use])).toEqual([
      ['src/Charts.tsx', 100, 'after paint'],
      ['src/Page.tsx', 20, 'paint'],
      ['src/es.ts', 12, 'paint'],
      ['src/en.ts', 11, 'paint'],
      ['src/Dialog.tsx', 4, 'on demand'],
    ])
  })

  it('fails a route over its budget, a lazy chunk over its own, and a lazy chunk unlisted', () => {
    const routes = [spec(['src/Page.tsx', ['src/en.ts', 'src/es.ts']], ['src/Charts.tsx'])]
    expect(passed(budgetReport(manifest, weigh, routes, ['src/Dialog.tsx']))).toBe(true)

    const tight = [{ ...routes[0]!, budget: 137 * KB }]
    const over = budgetReport(manifest, weigh, tight, ['src/Dialog.tsx'])
    expect(over.routes[0]).toMatchObject({ bytes: 137 * KB, ok: false })
    expect(passed(over)).toBe(false)

    const heavy = (file: string) => (file === 'assets/Charts.js' ? 150 * KB : weigh(file))
    expect(passed(budgetReport(manifest, heavy, routes, ['src/Dialog.tsx']))).toBe(false)

    const unlisted = budgetReport(manifest, weigh, routes, [])
    expect(unlisted.problems).toEqual([expect.stringContaining('src/Dialog.tsx')])
    expect(passed(unlisted)).toBe(false)
  })

  it('refuses a lazy module the build does not have', () => {
    expect(() => routeInitial(manifest, spec(['src/Gone.tsx']), weigh)).toThrow(/src\/Gone.tsx/)
  })
})

describe("the app's routes", () => {
  it('cover every route and board view of the router', () => {
    const routed = ROUTES.map(({ path }) => {
      const route = parseRoute(path)
      return route.name === 'board' ? `board/${route.view}` : route.name
    })
    const names = ROUTES.map(({ route }) => (route === 'board' ? 'board/board' : route))
    expect(routed).toEqual(names)
    // every name of the router's routes, checked complete by the compiler
    const ROUTE_NAMES: Record<Route['name'], true> = {
      'sign-in': true,
      boards: true,
      board: true,
      'board-settings': true,
      workspace: true,
      invite: true,
      rounds: true,
      round: true,
      review: true,
      account: true,
      'not-found': true,
    }
    for (const name of Object.keys(ROUTE_NAMES))
      if (name !== 'board') expect(routed).toContain(name)
    for (const view of BOARD_VIEWS) expect(routed).toContain(`board/${view}`)
  })
})
