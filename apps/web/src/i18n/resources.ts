import en from './locales/en.ts'
import enViews from './locales/en-views.ts'
import es from './locales/es.ts'
import esViews from './locales/es-views.ts'

/** Every string in both languages, for the tests (the app loads them as it needs them). */
export const RESOURCES = { en: { ...en, ...enViews }, es: { ...es, ...esViews } } as const
