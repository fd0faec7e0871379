import { useSyncExternalStore } from 'react'
import { onLanguageChange, shownTranslation, type Translation } from './i18n.ts'

export type { TFunction } from './translate.ts'

/** `t` in the language shown, and that language; a switch of language draws again. */
export function useTranslation(): Translation {
  return useSyncExternalStore(onLanguageChange, shownTranslation)
}
