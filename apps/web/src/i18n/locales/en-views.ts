import accountEn from '../../account/en.json'
import calendarEn from '../../calendar/en.json'
import dashboardsEn from '../../dashboards/en.json'
import feedsEn from '../../feeds/en.json'
import inviteEn from '../../invite/en.json'
import queueEn from '../../queue/en.json'
import reviewEn from '../../review/en.json'
import settingsEn from '../../settings/en.json'
import teamEn from '../../team/en.json'
import workspaceEn from '../../workspace/en.json'

// The strings in English of the views and pages other than the board (queues, calendar,
// dashboards, account, invitations, review rounds): a chunk fetched with the first of them (../i18n.ts,
// `withViewStrings`). locales.test.ts keeps each section asked for only where it is loaded.

export default {
  ...accountEn,
  ...inviteEn,
  ...queueEn,
  ...calendarEn,
  ...feedsEn,
  ...dashboardsEn,
  ...teamEn,
  ...workspaceEn,
  ...settingsEn,
  ...reviewEn,
} as const
