export { launchBrowser, newUserContext, VIEWPORT } from './browser.ts'
export {
  assigneeName,
  cardById,
  cardInColumn,
  column,
  columnCount,
  DEMO_PASSWORD,
  DEMO_USERS,
  dragCardOverColumn,
  dragCardToColumn,
  firstBoardId,
  firstCardId,
  keyboardMoveRight,
  moveFieldsDialog,
  nextStage,
  openBoard,
  type SignedIn,
  STAGES,
  type Stage,
  signIn,
  waitForBoard,
} from './pauta.ts'
export { assertWebBuilt, freePort, type RunningServer, startServer } from './server.ts'
