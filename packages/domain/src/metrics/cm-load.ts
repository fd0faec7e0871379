/**
 * One assignee's load, from the cards as they are now; archived cards do not count. The
 * server counts it in SQL; `cmWipLimit` in the board's rules caps `wip`.
 */
export interface CmLoad {
  /** Cards assigned to them, in any stage. */
  assigned: number
  /** Calendar posts whose scheduled time has passed. */
  overdue: number
  /** Cards in `CM_ACTIVE_STAGES`: what `cmWipLimit` limits. */
  wip: number
}
