import { randomBytes } from 'node:crypto'

/**
 * A random id for workspaces, boards and tokens: 96 bits in 16 URL-safe characters, short
 * enough for `/sync/<boardId>` and valid under the domain's id rule (letters, digits, - and _).
 */
export function newId(): string {
  return randomBytes(12).toString('base64url')
}
