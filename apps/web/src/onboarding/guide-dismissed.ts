const PREFIX = 'pauta-guide-dismissed:'

/** Whether this device was told to stop showing a board's empty-board guide. */
export function isGuideDismissed(boardId: string): boolean {
  try {
    return localStorage.getItem(PREFIX + boardId) !== null
  } catch {
    return false
  }
}

export function rememberGuideDismissed(boardId: string): void {
  try {
    localStorage.setItem(PREFIX + boardId, '1')
  } catch {
    // storage refused: dismissed for this page only
  }
}
