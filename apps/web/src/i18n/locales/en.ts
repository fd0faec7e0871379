import boardFiltersEn from '../../board/filters/en.json'
import moveToEn from '../../board/move-to/en.json'
import newCardEn from '../../board/new-card/en.json'
import undoEn from '../../board/undo/en.json'
import calendarEn from '../../calendar/en.json'
import pastTimeEn from '../../calendar/past-time/en.json'
import dashboardsEn from '../../dashboards/en.json'
import escalationsEn from '../../escalations/en.json'
import feedsEn from '../../feeds/en.json'
import notificationsEn from '../../notifications/en.json'
import onboardingEn from '../../onboarding/en.json'
import queueEn from '../../queue/en.json'
import teamEn from '../../team/en.json'
import timeEn from '../../time/en.json'
import en from '../en.json'

/**
 * Every string of the app in English, a chunk of its own: a page loads only the language it is
 * shown in (`loadLanguage` in ../i18n.ts). Each feature folder keeps its own strings (en.json,
 * es.json) under its own top-level key; they join the app's common ones here, in both files.
 */
export default {
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
} as const
