import { existsSync, readFileSync } from 'node:fs'
import { CARD_FIELDS, cardDefaults } from '@pauta/domain'
import { describe, expect, it } from 'vitest'

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

/** A section of the README, from its `## ` heading to the next. */
function section(heading: string): string {
  const found = README.split(/^## /m).find((part) => part.startsWith(heading))
  if (!found) throw new Error(`README has no "${heading}" section`)
  return found
}

/** The cells of a Markdown table row (`\|` inside a cell is not a separator). */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim())
}

/** The README's field table: each row's field and what it says a missing field reads as. */
function fieldTable(): { field: string; ifMissing: string }[] {
  return section('Document shape')
    .split('\n')
    .filter((line) => /^\|\s*`\w+`\s*\|/.test(line))
    .map((line) => {
      const [field = '', , ifMissing = ''] = cells(line)
      return { field: field.replace(/`/g, ''), ifMissing }
    })
}

/** What the card schema says the table should show under "If missing". */
function shownDefault(field: string): string {
  const defaults: Record<string, unknown> = cardDefaults()
  return Object.hasOwn(defaults, field) ? `\`${JSON.stringify(defaults[field])}\`` : 'required'
}

describe("the README's field table", () => {
  it('lists the fields of the card schema, in its order', () => {
    expect(fieldTable().map((row) => row.field)).toEqual([...CARD_FIELDS])
  })

  it('shows the default the card schema gives each field, or that it is required', () => {
    for (const { field, ifMissing } of fieldTable())
      expect(ifMissing, field).toBe(shownDefault(field))
  })
})

describe("the README's guide to adding a card field", () => {
  it('names files that exist', () => {
    const paths = [...section('Adding a card field').matchAll(/`((?:packages|apps)\/[^`]+)`/g)]
    const missing = paths
      .map(([, path]) => path!)
      .filter((path) => !existsSync(new URL(`../../../${path}`, import.meta.url)))
    expect(paths.length).toBeGreaterThan(5)
    expect(missing).toEqual([])
  })
})
