import accountEs from '../../account/es.json'
import calendarEs from '../../calendar/es.json'
import dashboardsEs from '../../dashboards/es.json'
import feedsEs from '../../feeds/es.json'
import inviteEs from '../../invite/es.json'
import queueEs from '../../queue/es.json'
import reviewEs from '../../review/es.json'
import settingsEs from '../../settings/es.json'
import teamEs from '../../team/es.json'
import workspaceEs from '../../workspace/es.json'

// The strings in Spanish of the views and pages other than the board (queues, calendar,
// dashboards, account, invitations, review rounds): a chunk fetched with the first of them (../i18n.ts,
// `withViewStrings`). locales.test.ts keeps each section asked for only where it is loaded.

export default {
  ...accountEs,
  ...inviteEs,
  ...queueEs,
  ...calendarEs,
  ...feedsEs,
  ...dashboardsEs,
  ...teamEs,
  ...workspaceEs,
  ...settingsEs,
  ...reviewEs,
} as const
