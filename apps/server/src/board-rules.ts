import type { Database } from '@pauta/db'
import { type BoardRules, boardSettingsSchema, DEFAULT_RULES } from '@pauta/domain'

/**
 * The rules each board is judged by, cached per board. Every change of a board's rules bumps
 * its version: a read from the database that started before one must not put older rules
 * back.
 */
export class BoardRulesCache {
  readonly #rules = new Map<string, BoardRules>()
  readonly #versions = new Map<string, number>()

  constructor(private readonly database: Database) {}

  version(boardId: string): number {
    return this.#versions.get(boardId) ?? 0
  }

  get(boardId: string): BoardRules | undefined {
    return this.#rules.get(boardId)
  }

  set(boardId: string, rules: BoardRules): void {
    this.#rules.set(boardId, rules)
    this.#versions.set(boardId, this.version(boardId) + 1)
  }

  /** Sets `rules` unless the board's rules changed since `seen` (a read that started earlier). */
  setIfUnchanged(boardId: string, rules: BoardRules, seen: number): boolean {
    if (this.version(boardId) !== seen) return false
    this.set(boardId, rules)
    return true
  }

  /** The board's rules, read from the database when no one has opened it yet. */
  async rulesFor(boardId: string): Promise<BoardRules> {
    if (!this.#rules.has(boardId)) await this.#read(boardId)
    return this.#rules.get(boardId) ?? DEFAULT_RULES
  }

  /** Reads the board's rules again if they are cached; resolves to whether they changed. */
  async reload(boardId: string): Promise<boolean> {
    const known = this.#rules.get(boardId)
    if (!known) return false
    const next = await this.#read(boardId)
    return next !== null && JSON.stringify(next) !== JSON.stringify(known)
  }

  /** Reads and caches the board's rules; null when there is no such board or they changed meanwhile. */
  async #read(boardId: string): Promise<BoardRules | null> {
    const seen = this.version(boardId)
    const row = await this.database.db
      .selectFrom('board')
      .select('settings')
      .where('id', '=', boardId)
      .executeTakeFirst()
    if (!row) return null
    const rules = boardSettingsSchema.parse(JSON.parse(row.settings)).rules
    return this.setIfUnchanged(boardId, rules, seen) ? rules : null
  }
}
