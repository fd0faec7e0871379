import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isQuietRequest, loggedUrl } from './http-app.ts'
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

  it('keeps no secret of a URL: review links and their passes, feed tokens, tRPC inputs', () => {
    expect(loggedUrl('/trpc/review.round?input=%7B%22token%22%3A%22rv_x%22%7D')).toBe(
      '/trpc/review.round',
    )
    expect(loggedUrl('/review/rv_abcdefgh')).toBe('/review/…')
    expect(loggedUrl('/api/review/rv_abcdefgh/media/m1/thumb?pass=123.abc')).toBe(
      '/api/review/…/media/m1/thumb',
    )
    expect(loggedUrl('/feeds/secret-token.ics')).toBe('/feeds/…')
    expect(loggedUrl('/invite/inv_secret')).toBe('/invite/…')
    expect(loggedUrl('/api/media/m1?download=1')).toBe('/api/media/m1?download=1')
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

    it('logs a review link’s calls without the link or its pass', async () => {
      const input = encodeURIComponent(JSON.stringify({ token: 'rv_secret', pass: 'p4ss' }))
      await fetch(`${t.url}/trpc/review.round?input=${input}`)
      await fetch(`${t.url}/api/review/rv_secret/media/m1?pass=p4ss`)
      await eventually(() =>
        expect(
          lines.filter((line) => line.msg === 'request completed').length,
        ).toBeGreaterThanOrEqual(3),
      )
      const logged = JSON.stringify(lines)
      expect(logged).not.toContain('rv_secret')
      expect(logged).not.toContain('p4ss')
      expect(logged).toContain('/api/review/…/media/m1')
    })
  })
})
