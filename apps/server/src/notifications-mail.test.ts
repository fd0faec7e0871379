import { randomBytes } from 'node:crypto'
import { createCard } from '@pauta/board'
import { insertNotifications, type NewNotification, openDatabase } from '@pauta/db'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { type Env, loadEnv } from './env.ts'
import { createMailer } from './mailer.ts'
import { createMailDispatcher, MAILED_KINDS, notificationLink } from './notifications-mail.ts'
import { notificationMailText } from './notifications-mail-text.ts'
import { openStorage } from './storage.ts'
import {
  addTestBoard,
  addTestUser,
  callTrpc,
  connect,
  eventually,
  sleep,
  startTestServer,
  type TestServer,
  waitForSync,
} from './test-server.ts'
import { startTestSmtp, type TestSmtp } from './test-smtp.ts'

describe('notification email texts', () => {
  const link = 'https://pauta.example.com/b/board-1?card=card-1'

  it('a mention: who, on which card, what they said, the board and the link; English, then Spanish', () => {
    const { subject, text } = notificationMailText({
      kind: 'mentioned',
      data: { title: 'Fall\nlaunch', actorName: 'Marco', excerpt: '@Ana ¿cambiamos el hashtag?' },
      boardName: 'Agencia Sur',
      link,
    })
    expect(subject).toBe(
      'Marco mentioned you on “Fall launch” · Marco te mencionó en «Fall launch»',
    )
    const en = text.indexOf('Marco mentioned you on “Fall launch” (board “Agencia Sur”).')
    const es = text.indexOf('Marco te mencionó en «Fall launch» (tablero «Agencia Sur»).')
    expect(en).toBeGreaterThanOrEqual(0)
    expect(es).toBeGreaterThan(en)
    expect(text).toContain('“@Ana ¿cambiamos el hashtag?”')
    expect(text).toContain(`Open it in Pauta: ${link}`)
    expect(text).toContain(`Ábrelo en Pauta: ${link}`)
  })

  it('an unknown kind, or data of another shape, gets a generic text, never a failure', () => {
    expect(
      notificationMailText({
        kind: 'review-something-new',
        data: { title: 'Reel' },
        boardName: null,
        link,
      }).subject,
    ).toBe('News about “Reel” · Novedades sobre «Reel»')
    // review steps say what happened, and quote what the reviewer wrote
    const changes = notificationMailText({
      kind: 'review-decided',
      data: { title: 'Reel', actorName: 'Lucía', step: 'changes', comment: 'Otro tono' },
      boardName: null,
      link,
    })
    expect(changes.subject).toBe(
      'Lucía asked for changes on “Reel” · Lucía pidió cambios en «Reel»',
    )
    expect(changes.text).toContain('“Otro tono”')
    for (const data of [null, 'text', 42, { title: 7 }]) {
      const mail = notificationMailText({ kind: 'something-new', data, boardName: 'B', link })
      expect(mail.subject).toBe('You have a new notification · Tienes una notificación nueva')
      expect(mail.text).toContain(link)
    }
    // a known kind with fields missing still reads
    expect(
      notificationMailText({ kind: 'mentioned', data: {}, boardName: null, link }).subject,
    ).toBe('Someone mentioned you on “…” · Alguien te mencionó en «…»')
  })

  it('a long title keeps the subject short, with both languages in it', () => {
    const { subject } = notificationMailText({
      kind: 'mentioned',
      data: { title: 'x'.repeat(300), actorName: 'Marco', excerpt: '' },
      boardName: null,
      link,
    })
    expect(subject.length).toBeLessThanOrEqual(120)
    expect(subject).toMatch(/^Marco mentioned you on “x+… · Marco te mencionó en «x+…$/)
  })

  it('links open the board, with the card when there is one', () => {
    expect(notificationLink('https://p.test', { boardId: 'b 1', cardId: 'c/1' })).toBe(
      'https://p.test/b/b%201?card=c%2F1',
    )
    expect(notificationLink('https://p.test', { boardId: 'b1', cardId: null })).toBe(
      'https://p.test/b/b1',
    )
    expect(notificationLink('https://p.test', { boardId: null, cardId: null })).toBe(
      'https://p.test/',
    )
    // a review round's notification opens the round's page
    const round = { boardId: 'b1', cardId: null, data: { roundId: 'r1', roundName: 'Semana' } }
    expect(notificationLink('https://p.test', round)).toBe('https://p.test/b/b1/rounds/r1')
  })

  it('mentions and every review step are emailed; the rest stay under the bell', () => {
    expect(MAILED_KINDS).toEqual({ kinds: ['mentioned'], prefixes: ['review-'] })
  })
})

const postgresUrl = process.env.PAUTA_TEST_POSTGRES_URL

/** A fresh PostgreSQL database (dropped afterwards), as DATABASE_URL. */
async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `pauta_test_${randomBytes(6).toString('hex')}`
  const admin = await openDatabase({ databaseUrl: postgresUrl! })
  try {
    await sql.raw(`create database ${name}`).execute(admin.db)
  } finally {
    await admin.close()
  }
  const url = new URL(postgresUrl!)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const again = await openDatabase({ databaseUrl: postgresUrl! })
      try {
        await sql.raw(`drop database if exists ${name} with (force)`).execute(again.db)
      } finally {
        await again.close()
      }
    },
  }
}

/** Notifications a dispatcher claims at a time, in these tests: several rounds to race over. */
const BATCH = 3

const STORES = ['SQLite', ...(postgresUrl ? ['PostgreSQL'] : [])]

describe.each(STORES)('notification emails on %s', (store) => {
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })

  async function smtp(opts: Parameters<typeof startTestSmtp>[0] = {}): Promise<TestSmtp> {
    const server = await startTestSmtp(opts)
    cleanups.push(() => server.close())
    return server
  }

  /**
   * A server whose own dispatcher runs only when told (`runOnce`), a board with people, and
   * the environment another instance of it would have.
   */
  async function setUp(smtpUrl: string | null) {
    const env: Record<string, string> = smtpUrl ? { SMTP_URL: smtpUrl } : {}
    if (store === 'PostgreSQL') {
      const db = await freshPostgres()
      cleanups.push(db.drop)
      env.DATABASE_URL = db.url
    }
    const t = await startTestServer({
      env,
      serverOptions: { mail: { intervalMs: 60_000, batch: BATCH } },
    })
    cleanups.push(() => t.dispose())
    const { workspace, board } = await addTestBoard(t, 'Agencia Sur')
    const manager = await addTestUser(t, workspace.id, ['manager'])
    const cm = await addTestUser(t, workspace.id, ['cm'])
    const client = await addTestUser(t, workspace.id, ['client'])
    // as startTestServer configures it
    const instanceEnv = loadEnv({
      ...env,
      DATA_DIR: t.dataDir,
      PUBLIC_URL: 'http://127.0.0.1:3999',
    })
    return { t, board, manager, cm, client, instanceEnv }
  }

  /** A second dispatcher with its own mailer and database handle, as another instance has. */
  async function otherInstance(env: Env) {
    const database = await openStorage(env)
    cleanups.push(() => database.close())
    const mailer = createMailer(env, { onError: () => {} })
    cleanups.push(() => mailer.close())
    return createMailDispatcher(database, mailer, {
      publicUrl: env.publicUrl,
      onError: () => {},
      batch: BATCH,
    })
  }

  /** A card on the board, then a comment by `author` mentioning `mentions` on it. */
  async function mention(
    t: TestServer,
    boardId: string,
    author: { id: string; token: string },
    mentions: string[],
  ) {
    const { doc, provider } = connect(t, boardId, author.token)
    cleanups.push(async () => provider.destroy())
    await waitForSync(provider)
    createCard(doc, { title: 'Autumn reel' }, { userId: author.id, id: 'reel' })
    // the card reaches the projection a moment after it is stored
    await eventually(async () => {
      const added = await callTrpc(
        t,
        'comments.add',
        { boardId, cardId: 'reel', body: '@cm ¿cambiamos el hashtag?', mentions },
        { token: author.token },
      )
      expect(added.error).toBeUndefined()
    })
  }

  function mentionRow(userId: string, boardId: string, i: number): NewNotification {
    return {
      userId,
      boardId,
      cardId: `card-${i}`,
      kind: 'mentioned',
      data: { title: `Post ${i}`, actorName: 'Marco', excerpt: 'hola' },
      dedupeKey: null,
      createdAt: new Date(),
    }
  }

  it('a mention is emailed once to each person mentioned, even with two dispatchers racing on one database', async () => {
    const inbox = await smtp()
    const { t, board, manager, cm, client, instanceEnv } = await setUp(inbox.url)
    await mention(t, board.id, manager, [cm.id, client.id])
    // and more, straight into the table, so the two have plenty to race for
    await insertNotifications(
      t.database.db,
      Array.from({ length: 20 }, (_, i) => mentionRow(cm.id, board.id, i)),
    )
    const other = await otherInstance(instanceEnv)
    const ours = t.server.notifications.mail
    // rounds of both at once, a few notifications a round, until neither finds any
    const sent = [0, 0]
    for (let round = 0; round < 20; round++) {
      const [a, b] = await Promise.all([ours.runOnce(), other.runOnce()])
      sent[0]! += a
      sent[1]! += b
      if (a + b === 0) break
    }
    expect(sent[0]! + sent[1]!).toBe(22)
    expect(Math.min(...sent)).toBeGreaterThan(0)
    // nothing is left, and nothing went twice
    expect(await Promise.all([ours.runOnce(), other.runOnce()])).toEqual([0, 0])
    expect(inbox.received).toHaveLength(22)
    const keys = inbox.received.map((m) => `${m.envelopeTo.join()} ${m.subject}`)
    expect(new Set(keys).size).toBe(22)

    const reel = inbox.received.filter((m) => m.subject.includes('Autumn reel'))
    expect(reel.map((m) => m.envelopeTo[0]).sort()).toEqual([cm.email, client.email].sort())
    const link = `${instanceEnv.publicUrl}/b/${board.id}?card=reel`
    for (const m of reel) {
      expect(m.subject).toBe(
        `${manager.name} mentioned you on “Autumn reel” · ${manager.name} te mencionó en «Autumn reel»`,
      )
      expect(m.from).toBe('Pauta <pauta@localhost>')
      expect(m.text).toContain('(board “Agencia Sur”)')
      expect(m.text).toContain(`Open it in Pauta: ${link}`)
      expect(m.text).toContain('“@cm ¿cambiamos el hashtag?”')
    }
  })

  it('on its timer: the mention arrives within moments, once', async () => {
    const inbox = await smtp()
    const env: Record<string, string> = { SMTP_URL: inbox.url }
    if (store === 'PostgreSQL') {
      const db = await freshPostgres()
      cleanups.push(db.drop)
      env.DATABASE_URL = db.url
    }
    const t = await startTestServer({ env, serverOptions: { mail: { intervalMs: 50 } } })
    cleanups.push(() => t.dispose())
    const { workspace, board } = await addTestBoard(t)
    const [manager, cm] = [
      await addTestUser(t, workspace.id, ['manager']),
      await addTestUser(t, workspace.id, ['cm']),
    ]
    await mention(t, board.id, manager, [cm.id])
    await eventually(() => expect(inbox.received).toHaveLength(1))
    await sleep(200)
    expect(inbox.received.map((m) => m.envelopeTo)).toEqual([[cm.email]])
  })

  it('not emailed: other kinds, mentions already read or a day old, people who left; and nothing at all without SMTP', async () => {
    const inbox = await smtp()
    const { t, board, manager, cm, client } = await setUp(inbox.url)
    const db = t.database.db
    const day = 24 * 60 * 60 * 1000
    await insertNotifications(db, [
      {
        ...mentionRow(cm.id, board.id, 1),
        kind: 'assigned',
        data: { title: 'Post', actorName: 'Marco', stage: 'calendar', scheduledAt: null },
      },
      { ...mentionRow(cm.id, board.id, 2), createdAt: new Date(Date.now() - day - 60_000) },
      mentionRow(manager.id, board.id, 3),
      mentionRow(client.id, board.id, 4),
    ])
    await callTrpc(t, 'notifications.markAllRead', {}, { token: manager.token })
    await callTrpc(
      t,
      'members.remove',
      { workspaceId: board.workspaceId, userId: client.id },
      { token: manager.token },
    )
    expect(await t.server.notifications.mail.runOnce()).toBe(0)
    expect(inbox.received).toEqual([])

    // without SMTP_URL: not even claimed (turning email on later still sends today's)
    const off = await setUp(null)
    expect(off.t.server.mail.enabled).toBe(false)
    await insertNotifications(off.t.database.db, [mentionRow(off.cm.id, off.board.id, 1)])
    expect(await off.t.server.notifications.mail.runOnce()).toBe(0)
    const rows = await off.t.database.db.selectFrom('notification').select('mailedAt').execute()
    expect(rows).toEqual([{ mailedAt: null }])
  })

  it('an SMTP server saying "later" gets the email again next round; a refused mailbox is not retried', async () => {
    let deferring = true
    const inbox = await smtp({
      defer: () => deferring,
      refuse: (to) => to.startsWith('gone-'),
    })
    const { t, board, cm } = await setUp(inbox.url)
    const db = t.database.db
    await db
      .updateTable('user')
      .set({ email: `gone-${cm.email}` })
      .where('id', '=', cm.id)
      .execute()
    const ana = await addTestUser(t, board.workspaceId, ['cm'])
    await insertNotifications(db, [mentionRow(ana.id, board.id, 1), mentionRow(cm.id, board.id, 2)])
    const dispatcher = t.server.notifications.mail
    expect(await dispatcher.runOnce()).toBe(0)
    expect(inbox.received).toEqual([])
    deferring = false
    expect(await dispatcher.runOnce()).toBe(1)
    expect(await dispatcher.runOnce()).toBe(0)
    expect(inbox.received.map((m) => m.envelopeTo)).toEqual([[ana.email]])
  })
})
