import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from './test-server.ts'

describe('serving the web app', () => {
  let t: TestServer
  let dist: string
  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'pauta-dist-'))
    mkdirSync(path.join(dist, 'assets'))
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>')
    writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)')
    t = await startTestServer({ webDist: dist })
  })
  afterAll(async () => {
    await t.dispose()
    rmSync(dist, { recursive: true, force: true })
  })

  it('answers any page URL with the app, so links to a board work', async () => {
    for (const page of ['/', '/sign-in', '/b/some-board']) {
      const res = await fetch(`${t.url}${page}`)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('<div id="root">')
      expect(res.headers.get('cache-control')).toBe('no-cache')
    }
  })

  it('serves hashed assets for a year, and a file built after start without a restart', async () => {
    const asset = await fetch(`${t.url}/assets/app-1.js`)
    expect(asset.headers.get('cache-control')).toContain('immutable')
    writeFileSync(path.join(dist, 'assets', 'app-2.js'), 'console.log(2)')
    expect(await (await fetch(`${t.url}/assets/app-2.js`)).text()).toBe('console.log(2)')
  })

  it('answers 404, not the app, for a missing file or API path', async () => {
    const gone = await fetch(`${t.url}/assets/gone.js`)
    expect(gone.status).toBe(404)
    expect(await gone.text()).not.toContain('<div id="root">')
    expect((await fetch(`${t.url}/trpc/nope`)).status).toBe(404)
  })
})
