export type { ApprovalPolicy, ApprovalPolicyName } from './approval.ts'
export {
  APPROVAL_POLICIES,
  afterYes,
  approvalPolicySchema,
  DEFAULT_REVIEW_HOURS,
  firstReviewer,
  NO_APPROVAL,
  needsApproval,
  reviewTimeMs,
} from './approval.ts'
export type { BoardSettings } from './board-settings.ts'
export {
  boardNameSchema,
  boardSettingsSchema,
  DEFAULT_BOARD_SETTINGS,
  timeZoneSchema,
  wipLimit,
  wipLimitSchema,
  workspaceNameSchema,
} from './board-settings.ts'
export type {
  ApprovalNote,
  ApprovalState,
  Card,
  CardDefaults,
  CardEdit,
  CardField,
  DefaultedCardField,
  MediaItem,
  MediaKind,
  MonitoringNote,
  MoveFields,
  Network,
  NewCard,
  Reviewer,
  Sentiment,
  Severity,
  StageField,
} from './card.ts'
export {
  APPROVAL_NOTES,
  APPROVAL_STATES,
  approvalNoteSchema,
  approvalStateSchema,
  CARD_FIELDS,
  cardDefaults,
  cardEditSchema,
  cardFieldsSchema,
  cardIdSchema,
  cardSchema,
  LIMITS,
  linkSchema,
  MEDIA_KINDS,
  mediaItemSchema,
  mediaKindSchema,
  mediaListSchema,
  monitoringNoteSchema,
  moveFieldsSchema,
  NETWORKS,
  networkSchema,
  newCardSchema,
  REVIEWERS,
  reviewerSchema,
  SENTIMENTS,
  SEVERITIES,
  sameJson,
  sentimentSchema,
  severitySchema,
  stageFieldSchema,
  storedFieldProblem,
  tagSchema,
  tagsSchema,
  titleSchema,
  userIdSchema,
  workspaceListSchema,
} from './card.ts'
export type { CalendarOptions, IcsEvent, PostEventOptions } from './ics.ts'
export { buildCalendar, NETWORK_NAMES, postEvent } from './ics.ts'
export type { FeedLabels, FeedLanguage } from './ics-labels.ts'
export { FEED_LABELS, FEED_LANGUAGES, feedLanguageSchema, feedTime } from './ics-labels.ts'
export type {
  Bottleneck,
  BottleneckFigures,
  BottleneckReason,
  ReviewFlow,
  StageFlow,
} from './metrics/bottleneck.ts'
export { bottleneck } from './metrics/bottleneck.ts'
export type { CfdDay, FlowMove } from './metrics/cfd.ts'
export { cumulativeFlow } from './metrics/cfd.ts'
export type { CmLoad } from './metrics/cm-load.ts'
export type { EscalationFigures } from './metrics/escalations.ts'
export { openEscalationFigures } from './metrics/escalations.ts'
export type { Arrival } from './metrics/lead-time.ts'
export { leadTimes } from './metrics/lead-time.ts'
export { percentile } from './metrics/percentile.ts'
export type {
  PostReviewTime,
  ReviewChange,
  ReviewSpell,
  ReviewTimes,
} from './metrics/review-times.ts'
export { postReviewTimes, reviewSpells, reviewTimes } from './metrics/review-times.ts'
export type { StageTimes } from './metrics/stage-times.ts'
export { stageTimes } from './metrics/stage-times.ts'
export type { Forecast, WeekCount } from './metrics/throughput-forecast.ts'
export { forecast, throughputSamples, weeklyThroughput } from './metrics/throughput-forecast.ts'
export type { Period } from './metrics/time.ts'
export { DAY_MS, MINUTE_MS, WEEK_MS } from './metrics/time.ts'
export type {
  CopyMeasure,
  CopyProblem,
  CopyStats,
  CopyToken,
  CopyTokenKind,
  NetworkCrop,
  NetworkFold,
  NetworkLimit,
  NetworkLimits,
} from './network-limits.ts'
export {
  COPY_MEASURES,
  copyProblems,
  copyStats,
  copyTokens,
  foldCopy,
  graphemesOf,
  NETWORK_LIMITS,
} from './network-limits.ts'
export type { Queue, QueueGroup, QueueOptions } from './queue.ts'
export { dueSoon, groupQueue, QUEUE_GROUPS } from './queue.ts'
export { seededRandom } from './random.ts'
export type { Role, Roles } from './roles.ts'
export { canEdit, isCm, isLead, isStrategist, ROLES, roleSchema, rolesSchema } from './roles.ts'
export type {
  Actor,
  BoardRules,
  InputProblem,
  Mover,
  Refusal,
  TransitionKey,
  Verdict,
} from './rules.ts'
export {
  altTextRefusal,
  approvalRefusal,
  boardRulesSchema,
  canCreateIn,
  canEditCard,
  canTakeCard,
  checkMove,
  copyFitRefusal,
  DEFAULT_RULES,
  decodeRefusal,
  encodeRefusal,
  judgeCardChange,
  MOVER_ROLES,
  missingFields,
  postRefusal,
  slaMinutes,
  transitionKey,
} from './rules.ts'
export type { SlaState } from './sla.ts'
export { escalationInbox, SEVERITY_RANK, slaDeadline, slaState } from './sla.ts'
export type { Stage } from './stages.ts'
export {
  AGING_STAGES,
  CM_ACTIVE_STAGES,
  DATED_STAGES,
  ESCALATABLE_STAGES,
  inStages,
  isStage,
  OUT_STAGES,
  SCHEDULED_STAGES,
  STAGES,
  stageIndex,
  stageSchema,
  WAITING_STAGES,
} from './stages.ts'
export {
  ARCHIVE_STAMP_FIELDS,
  MOVE_STAMP_FIELDS,
  serverStampField,
  TAKE_BACK_MS,
  takeBack,
  takeBackFields,
} from './take-back.ts'
export type { DayKey, LocalTime, ZonedParts } from './zoned-time.ts'
export {
  addDays,
  dayKeyOf,
  monthGrid,
  startOfDay,
  startOfWeek,
  timeOfDay,
  zonedParts,
  zonedTimeToInstant,
  zoneOffsetMinutes,
} from './zoned-time.ts'
