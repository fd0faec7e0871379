import { type Strings, type TFunction, translator } from './translate.ts'

// The strings of each language are a chunk of their own (./locales/en.ts, ./locales/es.ts,
// where each feature's en.json and es.json are registered): a page loads only the language it
// is shown in, and the other when someone switches to it. `useTranslation` (./use-translation.ts)
// gives components the `t` of the language shown.

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

const LOCALES: Record<Language, () => Promise<{ default: Strings }>> = {
  en: () => import('./locales/en.ts'),
  es: () => import('./locales/es.ts'),
}

const fetched: Partial<Record<Language, Promise<Strings>>> = {}

/** The strings of `language`, fetched once (again after a fetch that failed). */
function stringsOf(language: Language): Promise<Strings> {
  fetched[language] ??= LOCALES[language]().then(
    (module) => module.default,
    (error: unknown) => {
      delete fetched[language]
      throw error
    },
  )
  return fetched[language]
}

/** What components translate with: `t`, and the language it speaks (for `Intl` formats). */
export interface Translation {
  t: TFunction
  i18n: { language: Language }
}

let shown: Translation | null = null
const listeners = new Set<() => void>()

function show(language: Language, strings: Strings): void {
  shown = { t: translator(strings, language), i18n: { language } }
  document.documentElement.lang = language
  for (const listener of listeners) listener()
}

/** The translation shown; the app draws once `initI18n` has given it one. */
export function shownTranslation(): Translation {
  if (!shown) throw new Error('no strings yet: the app draws after initI18n')
  return shown
}

export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Shows the app in the language detected, once its strings have arrived. */
export async function initI18n(): Promise<void> {
  const language = detectLanguage(readStored(), navigator.languages ?? [navigator.language])
  show(language, await stringsOf(language))
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
  let strings: Strings
  try {
    strings = await stringsOf(language)
  } catch {
    return
  }
  show(language, strings)
}
