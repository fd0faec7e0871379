const KEY = 'pauta-session-ended'

/**
 * An open board heard that this browser's session ended (signed out in another tab, or
 * ended by the server): the sign-in page the app goes to next says why, once.
 */
export function markSessionEnded(): void {
  try {
    sessionStorage.setItem(KEY, '1')
  } catch {
    // storage refused (private mode quotas): the sign-in page just says nothing
  }
}

/** Whether the session was seen ending; the mark is gone once read. */
export function takeSessionEnded(): boolean {
  try {
    const ended = sessionStorage.getItem(KEY) !== null
    sessionStorage.removeItem(KEY)
    return ended
  } catch {
    return false
  }
}
