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
  Card,
  CardEdit,
  CardField,
  MonitoringNote,
  MoveFields,
  Network,
  NewCard,
  Sentiment,
  Severity,
  StageField,
} from './card.ts'
export {
  cardEditSchema,
  cardIdSchema,
  cardSchema,
  LIMITS,
  linkSchema,
  monitoringNoteSchema,
  moveFieldsSchema,
  NETWORKS,
  networkSchema,
  newCardSchema,
  SENTIMENTS,
  SEVERITIES,
  sentimentSchema,
  severitySchema,
  stageFieldSchema,
  tagSchema,
  tagsSchema,
  titleSchema,
  userIdSchema,
} from './card.ts'
export { seededRandom } from './random.ts'
export type { Role, Roles } from './roles.ts'
export { canEdit, ROLES, roleSchema, rolesSchema } from './roles.ts'
export type { Actor, BoardRules, Mover, Refusal, TransitionKey, Verdict } from './rules.ts'
export {
  boardRulesSchema,
  canCreateIn,
  canEditCard,
  canTakeCard,
  checkMove,
  DEFAULT_RULES,
  decodeRefusal,
  encodeRefusal,
  judgeCardChange,
  MOVER_ROLES,
  missingFields,
  slaMinutes,
  transitionKey,
} from './rules.ts'
export type { Stage } from './stages.ts'
export { isStage, STAGES, stageIndex, stageSchema } from './stages.ts'
