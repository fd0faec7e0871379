export type { AccessChange } from './access-changes.ts'
export {
  isApiTokenActive,
  isSessionActive,
  latestAccessChangeSeq,
  listAccessChangesAfter,
  pruneAccessChanges,
  recordAccessChange,
} from './access-changes.ts'
export type { ApiTokenInfo } from './api-tokens.ts'
export {
  API_TOKEN_PREFIX,
  boardAccessByToken,
  createApiToken,
  listApiTokens,
  revokeApiToken,
  verifyApiToken,
} from './api-tokens.ts'
export type { BlobStore } from './blob-store.ts'
export { BLOB_CHUNK_BYTES, BlobTooLargeError, openBlobStore } from './blob-store.ts'
export type { BoardCardRow, ProjectedCard } from './board-cards.ts'
export {
  boardCardTitle,
  listAssignedPosts,
  listBoardCards,
  listScheduledPosts,
  replaceBoardCards,
  upsertBoardCards,
} from './board-cards.ts'
export { claimBoardClients } from './board-clients.ts'
export { boardTimeZones } from './board-zones.ts'
export type { Board, BoardForUser, BoardListing } from './boards.ts'
export {
  createBoard,
  findBoard,
  getBoardForUser,
  listAllBoards,
  listBoardsForUser,
  updateBoardSettings,
} from './boards.ts'
export type { CalendarFeedInfo, FeedScope } from './calendar-feeds.ts'
export {
  getOrCreateBoardFeed,
  getOrCreateUserFeed,
  listCalendarFeeds,
  openCalendarFeed,
  revokeCalendarFeed,
} from './calendar-feeds.ts'
export type { CardActivity, CardActivityKind, NewCardActivity } from './card-activity.ts'
export { ACTIVITY_VALUE_MAX, CARD_ACTIVITY_KINDS, listCardActivity } from './card-activity.ts'
export type { ProjectedColumn, ProjectedField } from './card-columns.ts'
export { CARD_COLUMNS, columnsToFields, PROJECTED_COLUMNS } from './card-columns.ts'
export type { AssignmentEvent, NewAssignmentEvent } from './card-events.ts'
export { listAssignmentEvents, recordCardEvents } from './card-events.ts'
export type { CardComment, CardCommentChange } from './comments.ts'
export {
  addComment,
  CommentError,
  commentChangesSince,
  deleteComment,
  editComment,
  getComment,
  listComments,
  markCommentsRead,
  setThreadResolved,
  unreadCommentCounts,
} from './comments.ts'
export type { CopyVersion, CopyVersionReason, NewCopyVersion } from './copy-versions.ts'
export { COPY_VERSIONS_LISTED, keepCopyVersion, listCopyVersions } from './copy-versions.ts'
export type { DashboardFilters } from './dashboards/filters.ts'
export type { StageNow, WaitingCard } from './dashboards/queries.ts'
export {
  boardTimeZone,
  countBreachedEscalations,
  countCardsByStage,
  listAssigneeLoads,
  listEscalatedCards,
  listPublishedArrivals,
  listStayLengths,
  listWaitingSince,
  stageCountsAt,
  stagesNow,
} from './dashboards/queries.ts'
export type {
  BottlenecksReport,
  CmReport,
  DashboardQuery,
  PipelineReport,
  PostReviewReport,
  ReviewReport,
  ReviewWaitReport,
  Span,
  StageReport,
} from './dashboards/report.ts'
export {
  AGING_LISTED,
  bottlenecksReport,
  pipelineReport,
  REVIEWS_LISTED,
} from './dashboards/report.ts'
export { listReviewChanges } from './dashboards/review.ts'
export { listStageMoves } from './dashboards/stage-moves.ts'
export type { Dialect } from './dialect.ts'
export type { CompactionResult, DocumentStats, StoredDocument } from './doc-store.ts'
export {
  appendUpdate,
  compactDocument,
  DocumentChangedError,
  documentStats,
  loadDocument,
  loadDocumentSince,
  replaceDocument,
} from './doc-store.ts'
export type {
  InvitationByToken,
  InvitationForEmail,
  InvitationStatus,
  PendingInvitation,
} from './invitations.ts'
export {
  acceptInvitation,
  createInvitation,
  findInvitationByToken,
  INVITATION_TOKEN_PREFIX,
  INVITATION_TTL_MS,
  listInvitationsForEmail,
  listPendingInvitations,
  revokeInvitation,
} from './invitations.ts'
export type { MediaKind, MediaRow } from './media.ts'
export {
  getMedia,
  insertMedia,
  listMediaRefs,
  MEDIA_KINDS,
  replaceBoardMediaRefs,
  replaceCardMediaRefs,
  sweepMedia,
} from './media.ts'
export { MIGRATIONS, migrateToLatest } from './migrations.ts'
export type {
  MailedKinds,
  NewNotification,
  NotificationContent,
  NotificationData,
  NotificationKind,
  NotificationState,
  NotificationToMail,
  StoredNotification,
  TimedCard,
} from './notifications.ts'
export {
  claimNotificationsToMail,
  clearCardNotifications,
  countUnreadNotifications,
  insertNotifications,
  lastEscalation,
  listNotifications,
  listOpenEscalations,
  listScheduledCards,
  markAllNotificationsRead,
  markCardNotificationsRead,
  markNotificationsRead,
  NOTIFICATION_KINDS,
  notificationStates,
  pruneNotifications,
  releaseNotificationMail,
} from './notifications.ts'
export type { Database, OpenDatabaseOptions } from './open-database.ts'
export { openDatabase, SQLITE_FILE_NAME, UnsafeDatabaseError } from './open-database.ts'
export type {
  NewReviewDecision,
  ReviewDecision,
  ReviewLink,
  ReviewLinkSecret,
  ReviewRound,
  ReviewStepName,
  RoundSummary,
} from './review-rounds.ts'
export {
  claimRoundsToRemind,
  createReviewLink,
  createRound,
  getReviewLink,
  getRound,
  latestRoundOf,
  linkUsed,
  listReviewDecisions,
  listReviewLinks,
  listRounds,
  PIN_LOCK_MS,
  PIN_TRIES,
  REVIEW_STEPS,
  ROUND_MAX_CARDS,
  recordPinFailure,
  recordReviewDecision,
  reviewBoard,
  reviewLinkLabels,
  revokeReviewLink,
  roundHoldsMedia,
} from './review-rounds.ts'
export type {
  AccountTable,
  ApiTokenTable,
  AssignmentEventTable,
  BlobChunkTable,
  BlobTable,
  BoardCardTable,
  BoardTable,
  CalendarFeedTable,
  DB,
  DocSnapshotTable,
  DocUpdateTable,
  InvitationTable,
  MediaRefTable,
  MediaTable,
  MemberRoleTable,
  MemberTable,
  SessionTable,
  StageEventTable,
  UserTable,
  VerificationTable,
  WorkspaceTable,
} from './schema.ts'
export type { NewStageEvent, StageEvent } from './stage-events.ts'
export { listStageEvents, recordStageEvents } from './stage-events.ts'
export type { User } from './users.ts'
export { findUserByEmail, getUser, listUsersByIds } from './users.ts'
export type {
  Workspace,
  WorkspaceForUser,
  WorkspaceLists,
  WorkspaceMember,
} from './workspaces.ts'
export {
  addMember,
  countMembersWithRole,
  createWorkspace,
  createWorkspaceWithBoard,
  findWorkspace,
  getMemberRoles,
  getWorkspaceLists,
  listMembers,
  listWorkspacesForUser,
  removeMember,
  setWorkspaceLists,
  setWorkspaceTimeZone,
} from './workspaces.ts'
