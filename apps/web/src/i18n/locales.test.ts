import { describe, expect, it } from 'vitest'
import en from './locales/en.ts'
import enViews from './locales/en-views.ts'
import es from './locales/es.ts'
import esViews from './locales/es-views.ts'

// A language's strings come in two chunks (./i18n.ts): what every page may show, the board's
// among them, and the other views' and pages', which only the parts fetched with
// `withViewStrings` (app/pages.tsx, board/board-page/board-views.tsx) may ask for. A key of
// the second chunk asked for anywhere else would show as its raw name until that chunk came.

/** Where the views' strings may be asked for: inside those parts alone. */
const DRAWN_WITH_VIEW_STRINGS = [
  'account/',
  'invite/',
  'boards/',
  'workspace/',
  'settings/',
  'queue/',
  'team/',
  'escalations/EscalationInbox.tsx',
  'escalations/ResolveDialog.tsx',
  'calendar/',
  'feeds/',
  'dashboards/',
  'review/',
]

/** The app's sources as text, tests left out (read by Vite: no Node built-ins in the web app). */
const SOURCES = import.meta.glob<string>(
  ['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.test.tsx', '!./locales/*'],
  { query: '?raw', import: 'default', eager: true },
)

const withoutComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')

describe("the strings' chunks", () => {
  it('split the same sections in both languages, none in both chunks', () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort())
    expect(Object.keys(esViews).sort()).toEqual(Object.keys(enViews).sort())
    for (const section of Object.keys(enViews)) expect(Object.keys(en)).not.toContain(section)
  })

  it("ask for the views' sections only in the parts fetched with them", () => {
    const sections = Object.keys(enViews).join('|')
    const asked = new RegExp(`['"\`](${sections})\\.[a-zA-Z$]`)
    const outside = Object.entries(SOURCES)
      // comments left out: they name keys as examples
      .map(([path, code]) => [path.replace(/^\.\.\//, ''), withoutComments(code)] as const)
      .filter(
        ([path, code]) =>
          asked.test(code) && !DRAWN_WITH_VIEW_STRINGS.some((allowed) => path.startsWith(allowed)),
      )
      .map(([path]) => path)
    expect(outside).toEqual([])
  })
})
