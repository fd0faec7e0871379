import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isQuietRequest } from './http-app.ts'
import { eventually, startTestServer, type TestServer } from './test-server.ts'

describe('the info log', () => {
  it('leaves out health checks and the web app’s files and pages, never the API', () => {
    expect(isQuietRequest('GET', '/healthz')).toBe(true)
    expect(isQuietRequest('GET', '/assets/index-abc.js')).toBe(true)
    expect(isQuietRequest('GET', '/b/board-1?card=c1')).toBe(true)
    expect(isQuietRequest('GET', '/')).toBe(true)
    expect(isQuietRequest('GET', '/trpc/auth.me')).toBe(false)
    expect(isQuietRequest('POST', '/trpc/boards.create')).toBe(false)
    expect(isQuietRequest('GET', '/sync/board-1')).toBe(false)
    expect(isQuietRequest('GET', '/feeds/abc.ics')).toBe(false)
    expect(isQuietRequest('POST', '/b/board-1')).toBe(false)
  })

  describe('on a running server', () => {
    let t: TestServer
    let dist: string
    const lines: Array<Record<string, unknown>> = []
    beforeAll(async () => {
      dist = mkdtempSync(path.join(os.tmpdir(), 'pauta-log-'))
      mkdirSync(path.join(dist, 'assets'))
      writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>')
      writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)')
      t = await startTestServer({
        webDist: dist,
        env: { LOG_LEVEL: 'info' },
        serverOptions: {
          logStream: {
            write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>),
          },
        },
      })
    })
    afterAll(async () => {
      await t.dispose()
      rmSync(dist, { recursive: true, force: true })
    })

    it('logs a tRPC call and nothing for /healthz, a file or a page', async () => {
      for (const url of ['/healthz', '/assets/app-1.js', '/', '/b/some-board'])
        expect((await fetch(`${t.url}${url}`)).status).toBe(200)
      await fetch(`${t.url}/trpc/auth.me`)
      const requested = () =>
        lines
          .filter((line) => line.msg === 'incoming request')
          .map((line) => (line.req as { url: string }).url)
      await eventually(() => expect(requested()).toContain('/trpc/auth.me'))
      expect(requested()).toEqual(['/trpc/auth.me'])
      expect(lines.filter((line) => line.msg === 'request completed')).toHaveLength(1)
    })
  })
})
