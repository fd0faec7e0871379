export { CloseCode, type CloseInfo } from './close-codes.ts'
export { canReadBack, updateValueTooDeep } from './protocol.ts'
export { createSyncServer } from './server.ts'
export type {
  AuthResult,
  ChangeContext,
  ChangeOutcome,
  Connection,
  Fanout,
  FanoutMessage,
  JudgeResult,
  ServerChangeOutcome,
  StoredUpdates,
  SyncHooks,
  SyncLog,
  SyncLogDetails,
  SyncServer,
  SyncServerOptions,
} from './types.ts'
export { MAX_VALUE_DEPTH, valueDepthExceeds } from './value-depth.ts'
