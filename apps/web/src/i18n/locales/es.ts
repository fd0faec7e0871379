import boardFiltersEs from '../../board/filters/es.json'
import moveToEs from '../../board/move-to/es.json'
import newCardEs from '../../board/new-card/es.json'
import undoEs from '../../board/undo/es.json'
import calendarEs from '../../calendar/es.json'
import pastTimeEs from '../../calendar/past-time/es.json'
import dashboardsEs from '../../dashboards/es.json'
import escalationsEs from '../../escalations/es.json'
import feedsEs from '../../feeds/es.json'
import notificationsEs from '../../notifications/es.json'
import onboardingEs from '../../onboarding/es.json'
import queueEs from '../../queue/es.json'
import teamEs from '../../team/es.json'
import timeEs from '../../time/es.json'
import es from '../es.json'

/**
 * Every string of the app in Spanish, a chunk of its own: a page loads only the language it is
 * shown in (`loadLanguage` in ../i18n.ts). Each feature folder keeps its own strings (en.json,
 * es.json) under its own top-level key; they join the app's common ones here, in both files.
 */
export default {
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
} as const
