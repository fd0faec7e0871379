import boardFiltersEs from '../../board/filters/es.json'
import moveToEs from '../../board/move-to/es.json'
import newCardEs from '../../board/new-card/es.json'
import undoEs from '../../board/undo/es.json'
import pastTimeEs from '../../calendar/past-time/es.json'
import escalationsEs from '../../escalations/es.json'
import notificationsEs from '../../notifications/es.json'
import onboardingEs from '../../onboarding/es.json'
import timeEs from '../../time/es.json'
import es from '../es.json'

// The strings every page may show in Spanish, the board's among them: a chunk of its own, the
// only one of a language a page waits for (../i18n.ts). Each feature folder keeps its own
// strings (en.json, es.json) under its own top-level key; they join the app's common ones here
// or, for the other views and pages, in ./es-views.ts, alike for both languages.

export default {
  ...es,
  ...escalationsEs,
  ...notificationsEs,
  ...moveToEs,
  ...newCardEs,
  ...pastTimeEs,
  ...timeEs,
  ...onboardingEs,
  ...boardFiltersEs,
  ...undoEs,
} as const
