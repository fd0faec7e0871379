import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_MAIL_FROM, loadEnv } from './env.ts'
import { createMailer, type Mailer } from './mailer.ts'
import { startTestSmtp, type TestSmtp } from './test-smtp.ts'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function smtp(opts: Parameters<typeof startTestSmtp>[0] = {}): Promise<TestSmtp> {
  const server = await startTestSmtp(opts)
  cleanups.push(() => server.close())
  return server
}

function mailer(smtpUrl: string | undefined, timeoutMs?: number) {
  const errors: unknown[] = []
  const env = loadEnv({ ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}), MAIL_FROM: 'Pauta <p@t.test>' })
  const made: Mailer = createMailer(env, {
    onError: (error) => errors.push(error),
    ...(timeoutMs ? { timeoutMs } : {}),
  })
  cleanups.push(() => made.close())
  return { mailer: made, errors }
}

/** A port nothing listens on (taken, then given back). */
async function deadPort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

const mail = {
  to: 'ana@example.com',
  subject: 'Hola — “launch”',
  text: 'Marco mentioned you.\n\nMarco te mencionó.',
}

describe('the mailer', () => {
  it('delivers through SMTP_URL with its login, from MAIL_FROM, plain text and html', async () => {
    const server = await smtp({ login: { user: 'pauta', pass: 'p@ss:word/1' } })
    const { mailer: m, errors } = mailer(server.url)
    expect(m.enabled).toBe(true)
    expect(await m.send({ ...mail, html: '<p>Hola</p>' })).toBe(true)
    expect(errors).toEqual([])
    expect(server.received).toEqual([
      {
        envelopeFrom: 'p@t.test',
        envelopeTo: ['ana@example.com'],
        from: 'Pauta <p@t.test>',
        subject: mail.subject,
        text: mail.text,
        html: '<p>Hola</p>',
      },
    ])
  })

  it('a wrong login, a refused mailbox or a server that is down: false, reported, never thrown', async () => {
    const server = await smtp({
      login: { user: 'pauta', pass: 'right' },
      refuse: (to) => to === 'nobody@example.com',
    })
    const wrongLogin = mailer(server.url.replace('right', 'wrong'))
    expect(await wrongLogin.mailer.deliver(mail)).toBe('failed')
    expect(wrongLogin.errors).toHaveLength(1)

    const refused = mailer(server.url)
    expect(await refused.mailer.deliver({ ...mail, to: 'nobody@example.com' })).toBe('refused')
    expect(String(refused.errors[0])).toMatch(/no such mailbox/)
    // the password is in no report
    expect(String(refused.errors[0])).not.toMatch(/right/)

    const down = mailer(`smtp://127.0.0.1:${await deadPort()}`)
    const started = Date.now()
    expect(await down.mailer.send(mail)).toBe(false)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(String(down.errors[0])).toMatch(/ECONNREFUSED/)
    expect(server.received).toEqual([])
  })

  it('an SMTP server that accepts the connection and never answers: false within the timeout', async () => {
    const silent = net.createServer(() => {})
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const sockets = new Set<net.Socket>()
    silent.on('connection', (socket) => sockets.add(socket))
    cleanups.push(async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    })
    const { port } = silent.address() as net.AddressInfo
    const { mailer: m, errors } = mailer(`smtp://127.0.0.1:${port}`, 300)
    const started = Date.now()
    expect(await m.send(mail)).toBe(false)
    expect(Date.now() - started).toBeLessThan(3000)
    expect(errors).toHaveLength(1)
  })

  it('without SMTP_URL: not enabled, sends nothing, reports nothing', async () => {
    const { mailer: m, errors } = mailer(undefined)
    expect(m.enabled).toBe(false)
    expect(await m.send(mail)).toBe(false)
    expect(await m.deliver(mail)).toBe('off')
    expect(errors).toEqual([])
  })
})

describe('SMTP_URL and MAIL_FROM', () => {
  it('email is off unless SMTP_URL is an smtp:// or smtps:// URL; MAIL_FROM has a default', () => {
    expect(loadEnv({}).smtpUrl).toBeUndefined()
    expect(loadEnv({}).mailFrom).toBe(DEFAULT_MAIL_FROM)
    expect(loadEnv({ SMTP_URL: 'smtps://u:p@mail.example.com:465' }).smtpUrl).toBe(
      'smtps://u:p@mail.example.com:465',
    )
    expect(() => loadEnv({ SMTP_URL: 'http://mail.example.com' })).toThrow(/SMTP_URL/)
    expect(() => loadEnv({ SMTP_URL: 'mail.example.com' })).toThrow(/SMTP_URL/)
    expect(loadEnv({ MAIL_FROM: 'team@example.com' }).mailFrom).toBe('team@example.com')
    expect(loadEnv({ MAIL_FROM: 'Equipo Pauta <team@example.com>' }).mailFrom).toBe(
      'Equipo Pauta <team@example.com>',
    )
    expect(() => loadEnv({ MAIL_FROM: 'Pauta' })).toThrow(/MAIL_FROM/)
  })
})
