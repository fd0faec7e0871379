import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  sql,
} from 'kysely'
import { severityOfDetail } from './card-events.ts'
import { type Dialect, dialectOf } from './dialect.ts'
import type { DB } from './schema.ts'

/**
 * Column types that differ between the two dialects. Everything else is portable.
 * The auth types mirror what better-auth 1.7's own migration would create.
 */
function types(dialect: Dialect) {
  const pg = dialect === 'postgres'
  return {
    authDate: pg ? 'timestamptz' : 'date',
    authBoolean: pg ? 'boolean' : 'integer',
    bytes: pg ? 'bytea' : 'blob',
  } as const
}

/**
 * better-auth sets `DEFAULT CURRENT_TIMESTAMP` on PostgreSQL for date fields that have a
 * default value; matching it keeps its schema check quiet. SQLite gets no default, as there.
 */
function authNow(dialect: Dialect) {
  return (col: ColumnDefinitionBuilder) => {
    const required = col.notNull()
    return dialect === 'postgres' ? required.defaultTo(sql`CURRENT_TIMESTAMP`) : required
  }
}

/**
 * Every statement is `if not exists`: Kysely runs SQLite migrations outside a transaction
 * (its adapter reports no transactional DDL), so a start that died half-way through, or
 * better-auth's own migration having run first, must not stop the next start.
 */
const initial: Migration = {
  async up(db: Kysely<unknown>) {
    const dialect = dialectOf(db)
    const t = types(dialect)
    const now = authNow(dialect)

    // better-auth's default tables, column for column (better-auth 1.7, usePlural: false).
    await db.schema
      .createTable('user')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('emailVerified', t.authBoolean, (c) => c.notNull())
      .addColumn('image', 'text')
      .addColumn('createdAt', t.authDate, now)
      .addColumn('updatedAt', t.authDate, now)
      .execute()

    await db.schema
      .createTable('session')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('expiresAt', t.authDate, (c) => c.notNull())
      .addColumn('token', 'text', (c) => c.notNull().unique())
      .addColumn('createdAt', t.authDate, now)
      .addColumn('updatedAt', t.authDate, (c) => c.notNull())
      .addColumn('ipAddress', 'text')
      .addColumn('userAgent', 'text')
      .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .execute()

    await db.schema
      .createTable('account')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('accountId', 'text', (c) => c.notNull())
      .addColumn('providerId', 'text', (c) => c.notNull())
      .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('accessToken', 'text')
      .addColumn('refreshToken', 'text')
      .addColumn('idToken', 'text')
      .addColumn('accessTokenExpiresAt', t.authDate)
      .addColumn('refreshTokenExpiresAt', t.authDate)
      .addColumn('scope', 'text')
      .addColumn('password', 'text')
      .addColumn('createdAt', t.authDate, now)
      .addColumn('updatedAt', t.authDate, (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('verification')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('identifier', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('expiresAt', t.authDate, (c) => c.notNull())
      .addColumn('createdAt', t.authDate, now)
      .addColumn('updatedAt', t.authDate, now)
      .execute()

    // The index names better-auth gives its `index: true` fields.
    await db.schema
      .createIndex('session_userId_idx')
      .ifNotExists()
      .on('session')
      .column('userId')
      .execute()
    await db.schema
      .createIndex('account_userId_idx')
      .ifNotExists()
      .on('account')
      .column('userId')
      .execute()
    await db.schema
      .createIndex('verification_identifier_idx')
      .ifNotExists()
      .on('verification')
      .column('identifier')
      .execute()

    // Pauta's tables.
    await db.schema
      .createTable('workspace')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('member')
      .ifNotExists()
      .addColumn('workspaceId', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('member_pkey', ['workspaceId', 'userId'])
      .execute()
    await db.schema
      .createIndex('member_userId_idx')
      .ifNotExists()
      .on('member')
      .column('userId')
      .execute()

    await db.schema
      .createTable('memberRole')
      .ifNotExists()
      .addColumn('workspaceId', 'text', (c) => c.notNull())
      .addColumn('userId', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('memberRole_pkey', ['workspaceId', 'userId', 'role'])
      .addForeignKeyConstraint(
        'memberRole_member_fkey',
        ['workspaceId', 'userId'],
        'member',
        ['workspaceId', 'userId'],
        (fk) => fk.onDelete('cascade'),
      )
      .execute()

    await db.schema
      .createTable('board')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('workspaceId', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('board_workspaceId_idx')
      .ifNotExists()
      .on('board')
      .column('workspaceId')
      .execute()

    await db.schema
      .createTable('docUpdate')
      .ifNotExists()
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('data', t.bytes, (c) => c.notNull())
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('docUpdate_pkey', ['boardId', 'seq'])
      .execute()

    await db.schema
      .createTable('docSnapshot')
      .ifNotExists()
      .addColumn('boardId', 'text', (c) =>
        c.primaryKey().notNull().references('board.id').onDelete('cascade'),
      )
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('data', t.bytes, (c) => c.notNull())
      .addColumn('updatedAt', 'text', (c) => c.notNull())
      .execute()

    await db.schema
      .createTable('stageEvent')
      .ifNotExists()
      .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('cardId', 'text', (c) => c.notNull())
      .addColumn('fromStage', 'text')
      .addColumn('toStage', 'text', (c) => c.notNull())
      .addColumn('userId', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('stageEvent_boardId_at_idx')
      .ifNotExists()
      .on('stageEvent')
      .columns(['boardId', 'at'])
      .execute()

    await db.schema
      .createTable('apiToken')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('tokenHash', 'text', (c) => c.notNull().unique())
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addColumn('lastUsedAt', 'text')
      .addColumn('revokedAt', 'text')
      .execute()
    await db.schema
      .createIndex('apiToken_userId_idx')
      .ifNotExists()
      .on('apiToken')
      .column('userId')
      .execute()
  },
}

/** Whether `table` already has `column` (SQLite has no `add column if not exists`). */
async function hasColumn(db: Kysely<unknown>, table: string, column: string): Promise<boolean> {
  const tables = await db.introspection.getTables()
  return tables.some((t) => t.name === table && t.columns.some((c) => c.name === column))
}

/**
 * Invitations to a workspace, and the card history beyond stage changes: a `detail` on stage
 * events (severity and reason of an escalation, its resolution) and assignment changes.
 * Idempotent like the first: a start that died half-way through re-runs it cleanly.
 */
const invitationsHistory: Migration = {
  async up(db: Kysely<unknown>) {
    const dialect = dialectOf(db)

    await db.schema
      .createTable('invitation')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('workspaceId', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      // Lower-cased on write; null = anyone holding the link may use it.
      .addColumn('email', 'text')
      .addColumn('roles', 'text', (c) => c.notNull())
      .addColumn('tokenHash', 'text', (c) => c.notNull().unique())
      .addColumn('createdBy', 'text', (c) => c.references('user.id').onDelete('set null'))
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addColumn('expiresAt', 'text', (c) => c.notNull())
      .addColumn('acceptedAt', 'text')
      .addColumn('acceptedBy', 'text', (c) => c.references('user.id').onDelete('set null'))
      .addColumn('revokedAt', 'text')
      .execute()
    await db.schema
      .createIndex('invitation_workspaceId_idx')
      .ifNotExists()
      .on('invitation')
      .column('workspaceId')
      .execute()
    await db.schema
      .createIndex('invitation_email_idx')
      .ifNotExists()
      .on('invitation')
      .column('email')
      .execute()

    if (!(await hasColumn(db, 'stageEvent', 'detail'))) {
      await db.schema.alterTable('stageEvent').addColumn('detail', 'text').execute()
    }

    // Like stageEvent: user ids are not foreign keys, so the history outlives the people in it.
    await db.schema
      .createTable('assignmentEvent')
      .ifNotExists()
      .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('cardId', 'text', (c) => c.notNull())
      .addColumn('fromUserId', 'text')
      .addColumn('toUserId', 'text')
      .addColumn('userId', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('assignmentEvent_boardId_at_idx')
      .ifNotExists()
      .on('assignmentEvent')
      .columns(['boardId', 'at'])
      .execute()
  },
}

/**
 * Issue 5, the community manager's day:
 * - workspace.timeZone: the zone the team schedules in (IANA name).
 * - boardCard: a projection of each board document's cards, written by the server from every
 *   accepted change and rebuilt from the document when a board loads. Feeds, notifications
 *   and dashboards read it with SQL instead of opening documents. The document stays the truth.
 * - calendarFeed: secret .ics addresses (per user, or per user and board). The token in the
 *   address is derived from the feed id with the server secret; nothing secret is stored.
 * - notification: what the app shows under the bell.
 */
const communityManagerDay: Migration = {
  async up(db: Kysely<unknown>) {
    // Times in the calendar, the queue and the feeds are the workspace's wall-clock times.
    if (!(await hasColumn(db, 'workspace', 'timeZone'))) {
      await db.schema
        .alterTable('workspace')
        .addColumn('timeZone', 'text', (c) => c.notNull().defaultTo('UTC'))
        .execute()
    }
    await db.schema
      .createTable('boardCard')
      .ifNotExists()
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('cardId', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('network', 'text')
      .addColumn('assigneeId', 'text')
      .addColumn('scheduledAt', 'text')
      .addColumn('publishedAt', 'text')
      .addColumn('publishedUrl', 'text')
      .addColumn('campaign', 'text')
      .addColumn('severity', 'text')
      .addColumn('escalatedAt', 'text')
      .addColumn('archived', 'integer', (c) => c.notNull())
      .addColumn('updatedAt', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('boardCard_pk', ['boardId', 'cardId'])
      .execute()
    await db.schema
      .createIndex('boardCard_assigneeId_scheduledAt_idx')
      .ifNotExists()
      .on('boardCard')
      .columns(['assigneeId', 'scheduledAt'])
      .execute()
    await db.schema
      .createIndex('boardCard_stage_scheduledAt_idx')
      .ifNotExists()
      .on('boardCard')
      .columns(['stage', 'scheduledAt'])
      .execute()

    await db.schema
      .createTable('calendarFeed')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      // null: the user's own posts on every board they can see
      .addColumn('boardId', 'text', (c) => c.references('board.id').onDelete('cascade'))
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addColumn('lastUsedAt', 'text')
      .addColumn('revokedAt', 'text')
      .execute()
    await db.schema
      .createIndex('calendarFeed_userId_idx')
      .ifNotExists()
      .on('calendarFeed')
      .column('userId')
      .execute()

    await db.schema
      .createTable('notification')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('userId', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
      .addColumn('boardId', 'text', (c) => c.references('board.id').onDelete('cascade'))
      .addColumn('cardId', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addColumn('readAt', 'text')
      // one notification per (user, key): timers on several instances may race to send it
      .addColumn('dedupeKey', 'text')
      .addUniqueConstraint('notification_userId_dedupeKey_key', ['userId', 'dedupeKey'])
      .execute()
    await db.schema
      .createIndex('notification_userId_createdAt_idx')
      .ifNotExists()
      .on('notification')
      .columns(['userId', 'createdAt'])
      .execute()
  },
}

/**
 * Issue 6, seeing the flow: cards carry an objective (the projection keeps it, so every
 * chart can be cut by it), and a workspace keeps the lists of campaigns and objectives its
 * cards choose from (JSON arrays of names).
 */
const flowDashboards: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(await hasColumn(db, 'boardCard', 'objective'))) {
      await db.schema.alterTable('boardCard').addColumn('objective', 'text').execute()
    }
    for (const column of ['campaigns', 'objectives']) {
      if (!(await hasColumn(db, 'workspace', column))) {
        await db.schema
          .alterTable('workspace')
          .addColumn(column, 'text', (c) => c.notNull().defaultTo('[]'))
          .execute()
      }
    }
    // Time in stage walks each card's history in order.
    await db.schema
      .createIndex('stageEvent_boardId_cardId_at_idx')
      .ifNotExists()
      .on('stageEvent')
      .columns(['boardId', 'cardId', 'at'])
      .execute()
  },
}

/**
 * Issue 6, the dashboards' speed: each change's row also holds the stay it began — when the
 * card left that stage (`leftAt`, the card's next change), its length (`stayMs`) and which
 * arrival in the stage it was (`visit`) — so time in stage, the cumulative flow and first
 * publications are read from indexes instead of rebuilt from the whole history on every
 * request. Existing rows are filled in here; `recordCardEvents` keeps new ones.
 */
const staysOnHistory: Migration = {
  async up(db: Kysely<unknown>) {
    const dialect = dialectOf(db)
    for (const [column, type] of [
      ['leftAt', 'text'],
      ['stayMs', 'bigint'],
      ['visit', 'integer'],
    ] as const) {
      if (!(await hasColumn(db, 'stageEvent', column))) {
        await db.schema
          .alterTable('stageEvent')
          .addColumn(column, type, (c) => (column === 'visit' ? c.notNull().defaultTo(1) : c))
          .execute()
      }
    }
    // The card-history index first: the fill-in below walks each card's changes in order.
    await db.schema
      .createIndex('stageEvent_card_history_idx')
      .ifNotExists()
      .on('stageEvent')
      .columns(['boardId', 'cardId', 'at', 'toStage', 'fromStage', 'leftAt', 'stayMs'])
      .execute()
    await db.schema.dropIndex('stageEvent_boardId_cardId_at_idx').ifExists().execute()
    // Filled in whole each time this runs: until it has finished once it runs again at the next
    // start (SQLite runs migrations outside a transaction). A change's successor is the card's
    // next change in (at, id) order, the order `listStageEvents` reads them in; its time is the
    // least after this one's. (No ORDER BY: with one, SQLite walks the board's whole history.)
    await sql`
      update "stageEvent" set "leftAt" = (
        select min(x."at") from "stageEvent" x
        where x."boardId" = "stageEvent"."boardId"
          and x."cardId" = "stageEvent"."cardId"
          and x."at" >= "stageEvent"."at"
          and (x."at" > "stageEvent"."at" or x."id" > "stageEvent"."id")
      )
    `.execute(db)
    const length =
      dialect === 'postgres'
        ? sql`round(extract(epoch from ("leftAt"::timestamptz - "at"::timestamptz)) * 1000)::bigint`
        : sql`cast(round((julianday("leftAt") - julianday("at")) * 86400000) as integer)`
    await sql`update "stageEvent" set "stayMs" = ${length} where "leftAt" is not null`.execute(db)
    await sql`
      update "stageEvent" set "visit" = (
        select count(*) from "stageEvent" x
        where x."boardId" = "stageEvent"."boardId"
          and x."cardId" = "stageEvent"."cardId"
          and x."toStage" = "stageEvent"."toStage"
          and x."at" <= "stageEvent"."at"
          and (x."at" < "stageEvent"."at" or x."id" <= "stageEvent"."id")
      )
    `.execute(db)
    // Stays ended in a period, per stage (time in stage; departures per day) …
    await db.schema
      .createIndex('stageEvent_stage_leftAt_idx')
      .ifNotExists()
      .on('stageEvent')
      .columns(['boardId', 'toStage', 'leftAt', 'stayMs'])
      .execute()
    // … and arrivals in a stage in a period (arrivals per day, escalations, first publications).
    await db.schema
      .createIndex('stageEvent_stage_at_idx')
      .ifNotExists()
      .on('stageEvent')
      .columns(['boardId', 'toStage', 'at', 'visit'])
      .execute()
  },
}

/**
 * The present, first publications and SLA breaches, read from indexes too:
 * - the open stays (each card's last change, `leftAt` null) get partial indexes of their own,
 *   so "since when is this card in its stage" is one entry, not a walk of its history, and the
 *   longest waiting in a stage are the first entries of a range;
 * - so do the first arrivals in each stage (`visit` 1): first publications by time, and each
 *   card's start by card (its first change is a first arrival);
 * - a move into escalated keeps the severity it was raised with in a column of its own (until
 *   now only in `detail`), so breaches are counted by SQL.
 * Idempotent: the fill-in only writes rows it has not written.
 */
const openStaysFirstVisitsSeverity: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(await hasColumn(db, 'stageEvent', 'severity'))) {
      await db.schema.alterTable('stageEvent').addColumn('severity', 'text').execute()
    }
    const { rows } = await sql<{ id: number | string; detail: string }>`
      select "id", "detail" from "stageEvent"
      where "toStage" = 'escalated' and "detail" is not null and "severity" is null
    `.execute(db)
    const bySeverity = new Map<string, number[]>()
    for (const row of rows) {
      const severity = severityOfDetail(row.detail)
      if (severity === null) continue
      const ids = bySeverity.get(severity)
      if (ids) ids.push(Number(row.id))
      else bySeverity.set(severity, [Number(row.id)])
    }
    for (const [severity, ids] of bySeverity) {
      for (let i = 0; i < ids.length; i += 500) {
        await sql`
          update "stageEvent" set "severity" = ${severity}
          where "id" in (${sql.join(ids.slice(i, i + 500))})
        `.execute(db)
      }
    }
    // The open stays, one per card: by card (where each card is now) and by stage and time
    // (who has waited longest). `leftAt` is in them so that SQLite reads them alone.
    const open = sql<boolean>`"leftAt" is null`
    // The first arrivals in each stage (`visit` 1): first publications by time, and each
    // card's start (its first change is a first arrival) by card.
    const first = sql<boolean>`"visit" = 1`
    for (const [name, columns, where] of [
      ['stageEvent_open_card_idx', ['boardId', 'cardId', 'toStage', 'at', 'leftAt'], open],
      ['stageEvent_open_stage_idx', ['boardId', 'toStage', 'at', 'cardId', 'leftAt'], open],
      ['stageEvent_first_stage_idx', ['boardId', 'toStage', 'at', 'cardId', 'visit'], first],
      ['stageEvent_first_card_idx', ['boardId', 'cardId', 'at', 'visit'], first],
    ] as const) {
      await db.schema
        .createIndex(name)
        .ifNotExists()
        .on('stageEvent')
        .columns([...columns])
        .where(where)
        .execute()
    }
  },
}

/**
 * Issue 12, closing the holes a hostile member can use:
 * - `boardClient`: which person first wrote with each Yjs client id on a board (null: the
 *   server itself). An update carrying a client id bound to somebody else is refused, so a
 *   member cannot write in another member's name and break that member's later edits.
 * - `accessChange`: a log of "this person's access changed" (a token revoked, a sign-out, a
 *   role changed or removed), written by every path that changes access: the API, the admin
 *   CLI, any instance. Every server instance reads it every second and checks that person's
 *   open sockets again, so a change made anywhere reaches every socket within moments.
 */
const hostileMembers: Migration = {
  async up(db: Kysely<unknown>) {
    const dialect = dialectOf(db)
    await db.schema
      .createTable('boardClient')
      .ifNotExists()
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('clientId', 'bigint', (c) => c.notNull())
      // null: the server's own document on some instance
      .addColumn('userId', 'text')
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('boardClient_pk', ['boardId', 'clientId'])
      .execute()
    await db.schema
      .createTable('accessChange')
      .ifNotExists()
      .addColumn('seq', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('userId', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('accessChange_at_idx')
      .ifNotExists()
      .on('accessChange')
      .column('at')
      .execute()
  },
}

/**
 * A log of what happened to cards: an id of its own, the board (its rows go with it), the
 * card, who and when; the caller adds its own columns. With `cardLogIndex`, read per card.
 */
function cardLogTable(db: Kysely<unknown>, name: string) {
  const pg = dialectOf(db) === 'postgres'
  return db.schema
    .createTable(name)
    .ifNotExists()
    .addColumn('id', pg ? 'serial' : 'integer', (c) =>
      pg ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
    .addColumn('cardId', 'text', (c) => c.notNull())
    .addColumn('userId', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
}

async function cardLogIndex(db: Kysely<unknown>, name: string): Promise<void> {
  await db.schema
    .createIndex(`${name}_card_idx`)
    .ifNotExists()
    .on(name)
    .columns(['boardId', 'cardId', 'at'])
    .execute()
}

const cardActivity: Migration = {
  async up(db: Kysely<unknown>) {
    await cardLogTable(db, 'cardActivity')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('field', 'text')
      .addColumn('fromValue', 'text')
      .addColumn('toValue', 'text')
      .execute()
    await cardLogIndex(db, 'cardActivity')
  },
}

const copyVersions: Migration = {
  async up(db: Kysely<unknown>) {
    await cardLogTable(db, 'copyVersion')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('stage', 'text')
      .addColumn('copy', 'text', (c) => c.notNull())
      .execute()
    await cardLogIndex(db, 'copyVersion')
  },
}

const cardComments: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('cardComment')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('cardId', 'text', (c) => c.notNull())
      .addColumn('authorId', 'text', (c) => c.notNull())
      .addColumn('parentId', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('mentions', 'text', (c) => c.notNull())
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addColumn('editedAt', 'text')
      .addColumn('deletedAt', 'text')
      .addColumn('resolvedAt', 'text')
      .addColumn('resolvedBy', 'text')
      .execute()
    await db.schema
      .createIndex('cardComment_card_idx')
      .ifNotExists()
      .on('cardComment')
      .columns(['boardId', 'cardId', 'createdAt'])
      .execute()
    await db.schema
      .createTable('cardCommentRead')
      .ifNotExists()
      .addColumn('userId', 'text', (c) => c.notNull())
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('cardId', 'text', (c) => c.notNull())
      .addColumn('readAt', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('cardCommentRead_pk', ['userId', 'boardId', 'cardId'])
      .execute()
  },
}

/**
 * Card media (images and videos): the blobs that hold their bytes, stored once per content,
 * the media rows that name them, and which cards reference which media (what the sweep frees
 * by). `blobChunk` is created on both dialects for one schema; only PostgreSQL fills it (SQLite
 * keeps the bytes in files beside the database). Blob hashes are not foreign keys: a blob's
 * row is written after its bytes, and the sweep, not a cascade, decides when bytes go.
 */
const media: Migration = {
  async up(db: Kysely<unknown>) {
    const t = types(dialectOf(db))
    await db.schema
      .createTable('blob')
      .ifNotExists()
      .addColumn('hash', 'text', (c) => c.primaryKey())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addColumn('lastPutAt', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('blob_lastPutAt_idx')
      .ifNotExists()
      .on('blob')
      .column('lastPutAt')
      .execute()
    await db.schema
      .createTable('blobChunk')
      .ifNotExists()
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('data', t.bytes, (c) => c.notNull())
      .addPrimaryKeyConstraint('blobChunk_pk', ['hash', 'seq'])
      .execute()
    await db.schema
      .createTable('media')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('workspaceId', 'text', (c) =>
        c.notNull().references('workspace.id').onDelete('cascade'),
      )
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('thumbHash', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('name', 'text', (c) => c.notNull())
      // Like comments' authors: not a foreign key, so media outlive the account that uploaded them.
      .addColumn('uploadedBy', 'text', (c) => c.notNull())
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addColumn('unreferencedSince', 'text')
      .execute()
    // By board (the board's media), and by blob (which blobs some media row still names).
    for (const column of ['boardId', 'hash', 'thumbHash']) {
      await db.schema
        .createIndex(`media_${column}_idx`)
        .ifNotExists()
        .on('media')
        .column(column)
        .execute()
    }
    await db.schema
      .createTable('mediaRef')
      .ifNotExists()
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('cardId', 'text', (c) => c.notNull())
      // Not a foreign key: a card may name an id that is not (or no longer) a media row.
      .addColumn('mediaId', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mediaRef_pk', ['boardId', 'cardId', 'mediaId'])
      .execute()
    await db.schema
      .createIndex('mediaRef_mediaId_idx')
      .ifNotExists()
      .on('mediaRef')
      .column('mediaId')
      .execute()
  },
}

/**
 * [COM4] One row per card whose comments changed: a version that goes up with each change,
 * and when. Read by when, board by board, by the live comment streams of every instance.
 */
const commentChanges: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('cardCommentChange')
      .ifNotExists()
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('cardId', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('changedAt', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('cardCommentChange_pk', ['boardId', 'cardId'])
      .execute()
    await db.schema
      .createIndex('cardCommentChange_changed_idx')
      .ifNotExists()
      .on('cardCommentChange')
      .columns(['boardId', 'changedAt'])
      .execute()
  },
}

/**
 * [RND1] Review rounds: a batch of a board's posts sent for review with a message; the links
 * that let someone without an account review one round; and every review decision, with who
 * (a member or a link), when, in which round and which version of the copy. The card
 * projection gains each post's approval state and whom it waits for.
 */
const reviewRounds: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(await hasColumn(db, 'boardCard', 'approval'))) {
      await db.schema
        .alterTable('boardCard')
        .addColumn('approval', 'text', (c) => c.notNull().defaultTo('draft'))
        .execute()
    }
    if (!(await hasColumn(db, 'boardCard', 'reviewer'))) {
      await db.schema.alterTable('boardCard').addColumn('reviewer', 'text').execute()
    }
    await db.schema
      .createTable('reviewRound')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('boardId', 'text', (c) => c.notNull().references('board.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('createdBy', 'text', (c) => c.notNull())
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addColumn('remindedAt', 'text')
      .execute()
    await db.schema
      .createIndex('reviewRound_board_idx')
      .ifNotExists()
      .on('reviewRound')
      .columns(['boardId', 'createdAt'])
      .execute()
    await db.schema
      .createTable('reviewRoundCard')
      .ifNotExists()
      .addColumn('roundId', 'text', (c) =>
        c.notNull().references('reviewRound.id').onDelete('cascade'),
      )
      .addColumn('boardId', 'text', (c) => c.notNull())
      .addColumn('cardId', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('reviewRoundCard_pk', ['roundId', 'cardId'])
      .execute()
    await db.schema
      .createIndex('reviewRoundCard_card_idx')
      .ifNotExists()
      .on('reviewRoundCard')
      .columns(['boardId', 'cardId'])
      .execute()
    await db.schema
      .createTable('reviewLink')
      .ifNotExists()
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('roundId', 'text', (c) =>
        c.notNull().references('reviewRound.id').onDelete('cascade'),
      )
      .addColumn('boardId', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('pinHash', 'text')
      .addColumn('pinFailures', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lockedUntil', 'text')
      .addColumn('createdBy', 'text', (c) => c.notNull())
      .addColumn('createdAt', 'text', (c) => c.notNull())
      .addColumn('expiresAt', 'text', (c) => c.notNull())
      .addColumn('revokedAt', 'text')
      .addColumn('lastUsedAt', 'text')
      .execute()
    await db.schema
      .createIndex('reviewLink_round_idx')
      .ifNotExists()
      .on('reviewLink')
      .column('roundId')
      .execute()
    await cardLogTable(db, 'reviewDecision')
      .addColumn('roundId', 'text')
      .addColumn('linkId', 'text')
      .addColumn('step', 'text', (c) => c.notNull())
      .addColumn('toState', 'text', (c) => c.notNull())
      .addColumn('copyVersionId', 'integer')
      .execute()
    await cardLogIndex(db, 'reviewDecision')
    await db.schema
      .createIndex('reviewDecision_round_idx')
      .ifNotExists()
      .on('reviewDecision')
      .columns(['roundId', 'at'])
      .execute()
  },
}

/**
 * [NOTIF8] Notification emails: when one was claimed for email (null: not yet, or never).
 * The partial index keeps finding the ones still to mail a short walk, however many are
 * mailed or were never meant to be.
 */
const notificationMail: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(await hasColumn(db, 'notification', 'mailedAt'))) {
      await db.schema.alterTable('notification').addColumn('mailedAt', 'text').execute()
    }
    await db.schema
      .createIndex('notification_unmailed_idx')
      .ifNotExists()
      .on('notification')
      .column('createdAt')
      .where(sql.ref('mailedAt'), 'is', null)
      .execute()
  },
}

/**
 * [ACT3] The review steps of the cards' activity — changes of approval or reviewer — by card
 * and time, with what each changed to, in an index of their own: time in review reads each
 * card's recent steps from it alone, not all the card went through (every edit of its copy is
 * activity too). Partial, so the rest of the activity costs nothing more to write.
 */
const reviewStepsIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createIndex('cardActivity_review_idx')
      .ifNotExists()
      .on('cardActivity')
      .columns(['boardId', 'cardId', 'at', 'field', 'toValue'])
      .where(sql<boolean>`"field" in ('approval', 'reviewer')`)
      .execute()
  },
}

/**
 * Every migration, in order, in code: no file-system scanning, so the set is the same for
 * the server, the CLI and tests whatever the working directory. Names sort in run order;
 * never rename or edit one that has shipped — add the next.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_invitations_history': invitationsHistory,
  '0003_community_manager_day': communityManagerDay,
  '0004_flow_dashboards': flowDashboards,
  '0005_stays_on_history': staysOnHistory,
  '0006_open_stays_first_visits_severity': openStaysFirstVisitsSeverity,
  '0007_hostile_members': hostileMembers,
  '0008_card_activity': cardActivity,
  '0009_copy_versions': copyVersions,
  '0010_card_comments': cardComments,
  '0011_media': media,
  '0012_comment_changes': commentChanges,
  '0013_review_rounds': reviewRounds,
  '0014_notification_mail': notificationMail,
  '0015_review_steps_index': reviewStepsIndex,
}

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) }

/** Brings the schema up to date. Safe to call on every start and from several processes. */
export async function migrateToLatest(db: Kysely<DB>): Promise<void> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    const what = failed === undefined ? 'database migration' : `database migration ${failed}`
    throw new Error(`${what} failed`, { cause: error })
  }
}
