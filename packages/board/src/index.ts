export type {
  CardChange,
  Command,
  CommandContext,
  CommandResult,
  CommandType,
  PlannedCommand,
} from './commands.ts'
export {
  buildCard,
  COMMAND_TYPES,
  CommandOrigin,
  checkCommand,
  commandSchema,
  planCommand,
  runCommand,
} from './commands.ts'
export type { CardMap, CardsMap, Columns } from './doc.ts'
export {
  cardsMap,
  columns,
  compareCards,
  emptyColumns,
  getCard,
  listCards,
  ROOT,
  readCard,
  stageSlots,
} from './doc.ts'
export type { CardActivityEvent, CardDiff, CardEvents, Judgement } from './judge.ts'
export { cardEvents, ShadowJudge } from './judge.ts'
export { observeCards } from './observe.ts'
export {
  addMonitoringNote,
  archiveCard,
  CardNotFoundError,
  createCard,
  moveCard,
  newCardId,
  updateCard,
} from './ops.ts'
export { keyBetween } from './order.ts'
export type { BoardView } from './plan.ts'
export { cardsView, docView } from './plan.ts'
export type { Stamp } from './stamps.ts'
export { stampsFor, withStamps, writeStamps } from './stamps.ts'
export type { TextField } from './text-fields.ts'
export {
  isPlainText,
  isTextField,
  plainValue,
  replaceText,
  TEXT_FIELDS,
  upgradeTextFields,
  writeField,
} from './text-fields.ts'
