import { describe } from 'vitest'
import { accessChangesSuite } from './access-changes.suite.ts'
import { apiTokensSuite } from './api-tokens.suite.ts'
import { blobStoreSuite } from './blob-store.suite.ts'
import { boardCardsSuite } from './board-cards.suite.ts'
import { boardClientsSuite } from './board-clients.suite.ts'
import { boardsSuite } from './boards.suite.ts'
import { calendarFeedsSuite } from './calendar-feeds.suite.ts'
import { cardActivitySuite } from './card-activity.suite.ts'
import { cardEventsSuite } from './card-events.suite.ts'
import { commentsSuite } from './comments.suite.ts'
import { freshStorage, type TestStore } from './context.ts'
import { dashboardArchivedSuite } from './dashboards-archived.suite.ts'
import { dashboardQueriesSuite } from './dashboards-queries.suite.ts'
import { dashboardReportsSuite } from './dashboards-report.suite.ts'
import { dashboardReviewSuite } from './dashboards-review.suite.ts'
import { docStoreSuite } from './doc-store.suite.ts'
import { invitationsSuite } from './invitations.suite.ts'
import { lazyCommitSuite } from './lazy-commit.suite.ts'
import { mediaSuite } from './media.suite.ts'
import { migrationsSuite } from './migrations.suite.ts'
import { notificationsSuite } from './notifications.suite.ts'
import { reviewRoundsSuite } from './review-rounds.suite.ts'
import { stageEventsSuite } from './stage-events.suite.ts'
import { usersSuite } from './users.suite.ts'
import { workspacesSuite } from './workspaces.suite.ts'

export type { TestStore } from './context.ts'

/** Every suite of the contract, one per module of `src`, in the order they run. */
const SUITES = [
  boardClientsSuite,
  migrationsSuite,
  usersSuite,
  workspacesSuite,
  boardsSuite,
  docStoreSuite,
  lazyCommitSuite,
  stageEventsSuite,
  cardEventsSuite,
  cardActivitySuite,
  commentsSuite,
  blobStoreSuite,
  mediaSuite,
  invitationsSuite,
  apiTokensSuite,
  accessChangesSuite,
  boardCardsSuite,
  calendarFeedsSuite,
  notificationsSuite,
  reviewRoundsSuite,
  dashboardQueriesSuite,
  dashboardReportsSuite,
  dashboardArchivedSuite,
  dashboardReviewSuite,
]

/** The storage contract: every storage Pauta supports must pass all of it. */
export function storageContract(name: string, newStore: () => Promise<TestStore>): void {
  describe(`storage contract: ${name}`, () => {
    const contract = freshStorage(newStore)
    for (const suite of SUITES) suite(contract)
  })
}
