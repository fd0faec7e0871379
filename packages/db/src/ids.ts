import { randomBytes } from 'node:crypto'

/**
 * [ID1] A random id for workspaces, boards and tokens: 96 bits in 16 URL-safe characters, short
 * enough for `/sync/<boardId>` and valid under the domain's id rule (letters, digits, - and _).
 * Never starts with `-`: an admin types ids on a command line (`pnpm pauta board repair <id>`),
 * where a leading `-` reads as an option.
 */
export function newId(): string {
  for (;;) {
    const id = randomBytes(12).toString('base64url')
    if (!id.startsWith('-')) return id
  }
}
