export {
  DEFAULT_BOARD_SETTINGS,
  boardNameSchema,
  boardSettingsSchema,
  wipLimit,
  wipLimitSchema,
  workspaceNameSchema,
} from './board-settings.ts'
export type { BoardSettings } from './board-settings.ts'
export {
  LIMITS,
  NETWORKS,
  SEVERITIES,
  cardEditSchema,
  cardIdSchema,
  cardSchema,
  networkSchema,
  newCardSchema,
  severitySchema,
  tagSchema,
  tagsSchema,
  titleSchema,
  userIdSchema,
} from './card.ts'
export type { Card, CardEdit, CardField, Network, NewCard, Severity } from './card.ts'
export { ROLES, canEdit, roleSchema, rolesSchema } from './roles.ts'
export type { Role, Roles } from './roles.ts'
export { STAGES, isStage, stageIndex, stageSchema } from './stages.ts'
export type { Stage } from './stages.ts'
