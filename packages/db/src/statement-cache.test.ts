import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { withCachedStatements } from './statement-cache.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function open() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pauta-statements-'))
  dirs.push(dir)
  const sqlite = new BetterSqlite3(path.join(dir, 'test.sqlite'))
  sqlite.exec('create table note (id integer primary key, body text)')
  return sqlite
}

describe('[OPEN3] withCachedStatements', () => {
  it('prepares a query once and runs it again with new parameters', () => {
    const sqlite = open()
    const database = withCachedStatements(sqlite)
    const insert = database.prepare('insert into note (body) values (?)')
    expect(database.prepare('insert into note (body) values (?)')).toBe(insert)
    insert.run(['uno'])
    database.prepare('insert into note (body) values (?)').run(['dos'])
    const select = 'select body from note where id > ? order by id'
    expect(database.prepare(select).all([0])).toEqual([{ body: 'uno' }, { body: 'dos' }])
    expect(database.prepare(select).all([1])).toEqual([{ body: 'dos' }])
    database.close()
  })

  it('keeps answering right after the schema changes under a kept statement', () => {
    const sqlite = open()
    const database = withCachedStatements(sqlite)
    database.prepare('insert into note (body) values (?)').run(['uno'])
    const select = 'select * from note'
    expect(database.prepare(select).all([])).toEqual([{ id: 1, body: 'uno' }])
    sqlite.exec("alter table note add column author text not null default 'ana'")
    expect(database.prepare(select).all([])).toEqual([{ id: 1, body: 'uno', author: 'ana' }])
    database.close()
  })

  it('keeps at most `max` statements, dropping the least recently used', () => {
    const sqlite = open()
    const database = withCachedStatements(sqlite, 2)
    const a = database.prepare('select 1 as a')
    const b = database.prepare('select 2 as b')
    expect(database.prepare('select 1 as a')).toBe(a) // a is now the most recent
    database.prepare('select 3 as c') // drops b
    expect(database.prepare('select 1 as a')).toBe(a)
    const again = database.prepare('select 2 as b')
    expect(again).not.toBe(b)
    expect(again.all([])).toEqual([{ b: 2 }])
    database.close()
  })
})
