import { randomInt } from 'node:crypto'
import { claimBoardClients, type Database } from '@pauta/db'
import * as Y from 'yjs'

/**
 * [CLIENT1] Yjs client ids belong to the person who first wrote with them on a board. A
 * client id names the author of every item it creates, and the next clock value of an id is
 * all Yjs checks: a member who writes with another member's id and clocks gets their change
 * in, and that member's own later (offline) edits with those clocks are then refused as
 * invalid, so their copy and the server's part for good. So an update that writes something
 * new with an id bound to someone else is refused, and the first write with an id binds it.
 * The server's own writes (stamps) bind its document's id to no user.
 *
 * Owners are cached per room document (a WeakMap: gone when the room unloads); an id not in
 * the cache is claimed in SQL, where the first claim wins across instances.
 */
export class ClientIdOwners {
  readonly #owners = new WeakMap<Y.Doc, Map<number, string | null>>()

  constructor(private readonly database: Database) {}

  /**
   * The first client id with which `update` writes something `doc` does not have yet and
   * that belongs to someone other than `writer` (null: the server); null when there is none.
   * Ids not bound yet are bound to `writer`. Ids whose content the room has already (a
   * reconnecting client's step 2 repeats what others wrote) are not a claim.
   */
  async foreignId(
    boardId: string,
    doc: Y.Doc,
    update: Uint8Array,
    writer: string | null,
  ): Promise<number | null> {
    const owners = this.#ownersOf(doc)
    const unknown: number[] = []
    for (const [clientId, end] of Y.parseUpdateMeta(update).to) {
      if (end <= Y.getState(doc.store, clientId)) continue
      if (!owners.has(clientId)) unknown.push(clientId)
      else if (owners.get(clientId) !== writer) return clientId
    }
    if (unknown.length === 0) return null
    const claimed = await claimBoardClients(this.database.db, boardId, unknown, writer)
    for (const clientId of unknown) owners.set(clientId, claimed.get(clientId) ?? writer)
    return unknown.find((clientId) => owners.get(clientId) !== writer) ?? null
  }

  /**
   * Binds the room document's own client id to the server before the server writes with it.
   * Should a person own that id already (two random 32-bit ids met), the document takes a
   * new one: its id is only the name it writes under.
   */
  async claimForServer(boardId: string, doc: Y.Doc): Promise<void> {
    const owners = this.#ownersOf(doc)
    for (;;) {
      const clientId = doc.clientID
      if (!owners.has(clientId)) {
        const claimed = await claimBoardClients(this.database.db, boardId, [clientId], null)
        owners.set(clientId, claimed.get(clientId) ?? null)
      }
      if (owners.get(clientId) === null) return
      doc.clientID = randomInt(1, 2 ** 32)
    }
  }

  #ownersOf(doc: Y.Doc): Map<number, string | null> {
    let owners = this.#owners.get(doc)
    if (!owners) {
      owners = new Map()
      this.#owners.set(doc, owners)
    }
    return owners
  }
}
