import boardFiltersEn from '../../board/filters/en.json'
import moveToEn from '../../board/move-to/en.json'
import newCardEn from '../../board/new-card/en.json'
import undoEn from '../../board/undo/en.json'
import pastTimeEn from '../../calendar/past-time/en.json'
import escalationsEn from '../../escalations/en.json'
import notificationsEn from '../../notifications/en.json'
import onboardingEn from '../../onboarding/en.json'
import timeEn from '../../time/en.json'
import en from '../en.json'

// The strings every page may show in English, the board's among them: a chunk of its own, the
// only one of a language a page waits for (../i18n.ts). Each feature folder keeps its own
// strings (en.json, es.json) under its own top-level key; they join the app's common ones here
// or, for the other views and pages, in ./en-views.ts, alike for both languages.

export default {
  ...en,
  ...escalationsEn,
  ...notificationsEn,
  ...moveToEn,
  ...newCardEn,
  ...pastTimeEn,
  ...timeEn,
  ...onboardingEn,
  ...boardFiltersEn,
  ...undoEn,
} as const
