import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import boardFiltersEn from '../board/filters/en.json'
import boardFiltersEs from '../board/filters/es.json'
import moveToEn from '../board/move-to/en.json'
import moveToEs from '../board/move-to/es.json'
import newCardEn from '../board/new-card/en.json'
import newCardEs from '../board/new-card/es.json'
import undoEn from '../board/undo/en.json'
import undoEs from '../board/undo/es.json'
import calendarEn from '../calendar/en.json'
import calendarEs from '../calendar/es.json'
import pastTimeEn from '../calendar/past-time/en.json'
import pastTimeEs from '../calendar/past-time/es.json'
import dashboardsEn from '../dashboards/en.json'
import dashboardsEs from '../dashboards/es.json'
import escalationsEn from '../escalations/en.json'
import escalationsEs from '../escalations/es.json'
import feedsEn from '../feeds/en.json'
import feedsEs from '../feeds/es.json'
import notificationsEn from '../notifications/en.json'
import notificationsEs from '../notifications/es.json'
import onboardingEn from '../onboarding/en.json'
import onboardingEs from '../onboarding/es.json'
import queueEn from '../queue/en.json'
import queueEs from '../queue/es.json'
import teamEn from '../team/en.json'
import teamEs from '../team/es.json'
import timeEn from '../time/en.json'
import timeEs from '../time/es.json'
import en from './en.json'
import es from './es.json'

/**
 * Each feature folder keeps its own strings (en.json, es.json) under its own top-level key;
 * they join the app's common ones here.
 */
export const RESOURCES = {
  en: {
    ...en,
    ...queueEn,
    ...calendarEn,
    ...escalationsEn,
    ...notificationsEn,
    ...feedsEn,
    ...dashboardsEn,
    ...teamEn,
    ...moveToEn,
    ...newCardEn,
    ...pastTimeEn,
    ...timeEn,
    ...onboardingEn,
    ...boardFiltersEn,
    ...undoEn,
  },
  es: {
    ...es,
    ...queueEs,
    ...calendarEs,
    ...escalationsEs,
    ...notificationsEs,
    ...feedsEs,
    ...dashboardsEs,
    ...teamEs,
    ...moveToEs,
    ...newCardEs,
    ...pastTimeEs,
    ...timeEs,
    ...onboardingEs,
    ...boardFiltersEs,
    ...undoEs,
  },
} as const

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

export function initI18n(): typeof i18next {
  const lng = detectLanguage(readStored(), navigator.languages ?? [navigator.language])
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: RESOURCES.en }, es: { translation: RESOURCES.es } },
    lng,
    fallbackLng: 'en',
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

export function changeLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language)
  } catch {
    // private mode: the choice lasts for this page only
  }
  void i18next.changeLanguage(language)
}
