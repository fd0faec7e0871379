export { launchBrowser, newUserContext, VIEWPORT } from './browser.ts'
export {
  cardById,
  cardInColumn,
  column,
  columnCount,
  DEMO_PASSWORD,
  DEMO_USERS,
  dragCardToColumn,
  firstBoardId,
  firstCardId,
  keyboardMoveRight,
  nextStage,
  openBoard,
  type SignedIn,
  STAGES,
  type Stage,
  signIn,
  waitForBoard,
} from './pauta.ts'
export { assertWebBuilt, freePort, type RunningServer, startServer } from './server.ts'
