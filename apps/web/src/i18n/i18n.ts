import { type Strings, type TFunction, translator } from './translate.ts'

// The strings of each language are chunks of their own (./locales/, where each feature's
// en.json and es.json are registered): a page loads only the language it is shown in, and the
// other when someone switches to it. `useTranslation` (./use-translation.ts) gives components
// the `t` of the language shown.

export const LANGUAGES = ['es', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

const STORAGE_KEY = 'pauta.language'

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** The remembered choice first, then the browser's preferences; English when nothing matches. */
export function detectLanguage(stored: string | null, preferred: readonly string[]): Language {
  if (isLanguage(stored)) return stored
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0]
    if (isLanguage(base)) return base
  }
  return 'en'
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY)
  } catch {
    return null
  }
}

/**
 * A language's strings come in two chunks: what every page may show (the board's among them),
 * and what the other views and pages add (queues, calendar, dashboards, account, invitations).
 */
type Part = 'app' | 'views'

const LOCALES: Record<Language, Record<Part, () => Promise<{ default: Strings }>>> = {
  en: { app: () => import('./locales/en.ts'), views: () => import('./locales/en-views.ts') },
  es: { app: () => import('./locales/es.ts'), views: () => import('./locales/es-views.ts') },
}

const fetched = new Map<string, Promise<Strings>>()

/** One chunk of strings, fetched once (again after a fetch that failed). */
function stringsOf(language: Language, part: Part): Promise<Strings> {
  const key = `${language}/${part}`
  let strings = fetched.get(key)
  if (!strings) {
    strings = LOCALES[language][part]().then(
      (module) => module.default,
      (error: unknown) => {
        fetched.delete(key)
        throw error
      },
    )
    fetched.set(key, strings)
  }
  return strings
}

/** What components translate with: `t`, and the language it speaks (for `Intl` formats). */
export interface Translation {
  t: TFunction
  i18n: { language: Language }
}

interface Shown {
  translation: Translation
  /** what `t` reads: the app's strings, and the views' once they have come */
  strings: Record<string, unknown>
  views: boolean
}

let shown: Shown | null = null
/** Some view or page shown asked for the views' strings: a new language brings them too. */
let viewsWanted = false
/** The app's first strings, on their way (`initI18n`). */
let starting: { language: Language; done: Promise<void> } | null = null
const listeners = new Set<() => void>()

function show(language: Language, app: Strings, views: Strings | null): void {
  const strings = { ...app, ...views }
  const translation = { t: translator(strings, language), i18n: { language } }
  shown = { translation, strings, views: views !== null }
  document.documentElement.lang = language
  for (const listener of listeners) listener()
}

/** The translation shown; the app draws once `initI18n` has given it one. */
export function shownTranslation(): Translation {
  if (!shown) throw new Error('no strings yet: the app draws after initI18n')
  return shown.translation
}

export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/**
 * Fetches the views' strings in the language shown, for a view or page that shows them: its
 * chunk waits for them (`withViewStrings`). What is drawn already needs none of them, so
 * nothing is drawn again.
 */
export async function loadViewStrings(): Promise<void> {
  viewsWanted = true
  if (starting) {
    // asked for while the app's strings are still coming: fetch both at once
    stringsOf(starting.language, 'views').catch(() => {
      // asked for again below
    })
    await starting.done
  }
  while (shown && !shown.views) {
    const current = shown
    const views = await stringsOf(current.translation.i18n.language, 'views')
    // a language switch meanwhile brought its own
    if (shown === current) {
      Object.assign(current.strings, views)
      current.views = true
    }
  }
}

/** A chunk's `import()` that resolves once the views' strings are here too. */
export function withViewStrings<T>(fetch: () => Promise<T>): () => Promise<T> {
  return () => Promise.all([fetch(), loadViewStrings()]).then(([fetched]) => fetched)
}

/** Shows the app in the language detected, once its strings have arrived. */
export function initI18n(): Promise<void> {
  const language = detectLanguage(readStored(), navigator.languages ?? [navigator.language])
  const done = stringsOf(language, 'app').then((app) => {
    starting = null
    show(language, app, null)
  })
  starting = { language, done }
  return done
}

/**
 * Shows the app in `language` once its strings have arrived, and remembers the choice. Offline
 * before they did, the app stays in the language it is in.
 */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language)
  } catch {
    // private mode: the choice lasts for this page only
  }
  let loaded: [Strings, Strings | null]
  try {
    loaded = await Promise.all([
      stringsOf(language, 'app'),
      viewsWanted ? stringsOf(language, 'views') : null,
    ])
  } catch {
    return
  }
  show(language, ...loaded)
}
