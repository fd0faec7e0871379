import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Code and tests cite rules by id ("[JUDGE1]"): each id means one thing in the whole repo.

const PACKAGES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function definitions(): Array<{ id: string; spec: string }> {
  return readdirSync(PACKAGES).flatMap((name) => {
    let text: string
    try {
      text = readFileSync(path.join(PACKAGES, name, 'SPEC.md'), 'utf8')
    } catch {
      return []
    }
    return [...text.matchAll(/^- \*\*\[([A-Z]+[0-9]+)\]\*\*/gm)].map((match) => ({
      id: match[1]!,
      spec: `packages/${name}/SPEC.md`,
    }))
  })
}

describe('rule ids', () => {
  it('each is defined once, in one package’s SPEC.md', () => {
    const found = definitions()
    expect(found.length).toBeGreaterThan(100)
    const where = new Map<string, string[]>()
    for (const { id, spec } of found) where.set(id, [...(where.get(id) ?? []), spec])
    const twice = [...where].filter(([, specs]) => specs.length > 1)
    expect(twice).toEqual([])
  })
})
