const PREFIX = 'pauta-board-'

/** The IndexedDB database that keeps a board's document on this device. */
export function offlineCopyName(boardId: string): string {
  return PREFIX + boardId
}

/** Deletes every board copy kept on this device (sign-out: the next person must not read it). */
export async function forgetOfflineBoards(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return
  const databases = await indexedDB.databases()
  await Promise.all(
    databases
      .map((db) => db.name)
      .filter((name): name is string => name?.startsWith(PREFIX) === true)
      .map(deleteDatabase),
  )
}

export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = () => resolve()
    request.onerror = () => resolve()
    // another tab still has it open: it goes once that tab lets go
    request.onblocked = () => resolve()
  })
}
