const KEY = 'pauta-joined-workspace'

/**
 * Someone just accepted an invitation: the boards page they land on says which workspace
 * they joined, once.
 */
export function markJoined(workspaceName: string): void {
  try {
    sessionStorage.setItem(KEY, workspaceName)
  } catch {
    // storage refused: the page just says nothing
  }
}

/** The workspace just joined, or null; the mark is gone once read. */
export function takeJoined(): string | null {
  try {
    const name = sessionStorage.getItem(KEY)
    sessionStorage.removeItem(KEY)
    return name
  } catch {
    return null
  }
}
