import en from './locales/en.ts'
import es from './locales/es.ts'

/** Every string in both languages, for the tests (the app loads one language at a time). */
export const RESOURCES = { en, es } as const
