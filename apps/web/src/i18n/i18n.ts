import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type en from './locales/en.ts'

// The strings of each language are a chunk of their own (./locales/en.ts, ./locales/es.ts,
// where each feature's en.json and es.json are registered): a page loads only the language it
// is shown in, and the other when someone switches to it.

/** What a language's chunk holds (the English one's shape; keys.test.ts keeps both alike). */
type Strings = Record<keyof typeof en, unknown>

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

/** Fetches the strings of `language` (once) and gives them to i18next. */
async function loadLanguage(language: Language): Promise<void> {
  if (i18next.hasResourceBundle(language, 'translation')) return
  const strings = (await LOCALES[language]()).default
  i18next.addResourceBundle(language, 'translation', strings)
}

/** Sets up i18next in the language detected, once its strings have arrived. */
export async function initI18n(): Promise<typeof i18next> {
  const lng = detectLanguage(readStored(), navigator.languages ?? [navigator.language])
  const strings = (await LOCALES[lng]()).default
  await i18next.use(initReactI18next).init({
    resources: { [lng]: { translation: strings } },
    lng,
    // every key is in both languages (keys.test.ts): nothing falls back to another
    fallbackLng: false,
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  })
  document.documentElement.lang = lng
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language
  })
  return i18next
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
  try {
    await loadLanguage(language)
  } catch {
    return
  }
  await i18next.changeLanguage(language)
}
