export type { BoardSettings } from './board-settings.ts'
export {
  boardNameSchema,
  boardSettingsSchema,
  DEFAULT_BOARD_SETTINGS,
  wipLimit,
  wipLimitSchema,
  workspaceNameSchema,
} from './board-settings.ts'
export type { Card, CardEdit, CardField, Network, NewCard, Severity } from './card.ts'
export {
  cardEditSchema,
  cardIdSchema,
  cardSchema,
  LIMITS,
  NETWORKS,
  networkSchema,
  newCardSchema,
  SEVERITIES,
  severitySchema,
  tagSchema,
  tagsSchema,
  titleSchema,
  userIdSchema,
} from './card.ts'
export type { Role, Roles } from './roles.ts'
export { canEdit, ROLES, roleSchema, rolesSchema } from './roles.ts'
export type { Stage } from './stages.ts'
export { isStage, STAGES, stageIndex, stageSchema } from './stages.ts'
