import type { ColumnType, Generated } from 'kysely'
import type { CardColumnsTable } from './card-columns.ts'

/**
 * The Kysely view of every table. Column names are camelCase in SQL too, so better-auth's
 * default schema and ours read the same.
 *
 * Two timestamp conventions live side by side, on purpose:
 * - better-auth's tables (`user`, `session`, `account`, `verification`) keep better-auth's own
 *   column types (`date` on SQLite, `timestamptz` on PostgreSQL). Its Kysely adapter writes ISO
 *   strings on SQLite and `Date`s on PostgreSQL, so a read may return either.
 * - Pauta's own tables store ISO-8601 UTC text (`Date#toISOString()`), identical on both
 *   dialects and ordered correctly by plain text comparison.
 *
 * Booleans in better-auth's tables are integers 0/1 on SQLite and `boolean` on PostgreSQL; write
 * 0/1 (both accept it) and read with `Boolean(value)`.
 */
export type AuthTimestamp = ColumnType<Date | string, Date | string, Date | string>
export type AuthBoolean = ColumnType<boolean | number, boolean | number, boolean | number>

/** ISO-8601 UTC text, e.g. `2025-01-31T12:00:00.000Z`. */
export type IsoTimestamp = string

/** Binary columns: `blob` on SQLite, `bytea` on PostgreSQL; drivers hand back Buffers. */
export type Bytes = ColumnType<Uint8Array, Uint8Array, Uint8Array>

export interface UserTable {
  id: string
  name: string
  email: string
  emailVerified: AuthBoolean
  image: string | null
  createdAt: AuthTimestamp
  updatedAt: AuthTimestamp
}

export interface SessionTable {
  id: string
  expiresAt: AuthTimestamp
  token: string
  createdAt: AuthTimestamp
  updatedAt: AuthTimestamp
  ipAddress: string | null
  userAgent: string | null
  userId: string
}

export interface AccountTable {
  id: string
  accountId: string
  providerId: string
  userId: string
  accessToken: string | null
  refreshToken: string | null
  idToken: string | null
  accessTokenExpiresAt: AuthTimestamp | null
  refreshTokenExpiresAt: AuthTimestamp | null
  scope: string | null
  password: string | null
  createdAt: AuthTimestamp
  updatedAt: AuthTimestamp
}

export interface VerificationTable {
  id: string
  identifier: string
  value: string
  expiresAt: AuthTimestamp
  createdAt: AuthTimestamp
  updatedAt: AuthTimestamp
}

export interface WorkspaceTable {
  id: string
  name: string
  createdAt: IsoTimestamp
  /** IANA zone; 'UTC' unless set. */
  timeZone: ColumnType<string, string | undefined, string>
  /** JSON arrays of names the workspace's cards choose from; '[]' unless set. */
  campaigns: ColumnType<string, string | undefined, string>
  objectives: ColumnType<string, string | undefined, string>
}

export interface MemberTable {
  workspaceId: string
  userId: string
  createdAt: IsoTimestamp
}

export interface MemberRoleTable {
  workspaceId: string
  userId: string
  /** One of `ROLES`; checked in code, not by a constraint, so a new role needs no table rebuild. */
  role: string
}

export interface BoardTable {
  id: string
  workspaceId: string
  name: string
  /** JSON of `BoardSettings`, parsed with `boardSettingsSchema` on every read. */
  settings: string
  createdAt: IsoTimestamp
}

export interface DocUpdateTable {
  boardId: string
  seq: number
  data: Bytes
  createdAt: IsoTimestamp
}

export interface DocSnapshotTable {
  boardId: string
  /** The last update seq this snapshot includes. */
  seq: number
  data: Bytes
  updatedAt: IsoTimestamp
}

export interface StageEventTable {
  id: Generated<number>
  boardId: string
  cardId: string
  /** null when the card was created. */
  fromStage: string | null
  toStage: string
  userId: string | null
  at: IsoTimestamp
  /**
   * JSON object of strings, e.g. `{"severity":"high","reason":"…"}` on a move into escalated,
   * `{"resolution":"…"}` on a move out of it; null when there is none (and on rows written
   * before migration 0002). Optional on insert.
   */
  detail: ColumnType<string | null, string | null | undefined, string | null>
  /**
   * The stay this change began, in `toStage` (migration 0005; `recordCardEvents` keeps them):
   * when the card left it — the `at` of the card's next change, null while it is still there —
   * and how long it stayed, in ms. What time in stage, aging and the cumulative flow read.
   */
  leftAt: ColumnType<IsoTimestamp | null, IsoTimestamp | null | undefined, IsoTimestamp | null>
  /** bigint: PostgreSQL's driver reads it as a string. */
  stayMs: ColumnType<number | string | null, number | null | undefined, number | null>
  /** Which arrival of the card in `toStage` this is: 1 the first (a first publication…). */
  visit: ColumnType<number, number | undefined, number>
  /**
   * On a move into escalated, the severity it was raised with (the detail's, when Pauta knows
   * it; migration 0006); null otherwise. What SLA breaches are counted by.
   */
  severity: ColumnType<string | null, string | null | undefined, string | null>
}

/** [ACT1] What else happened to a card: created, a field changed, a text written, archived. */
export interface CardActivityTable {
  id: Generated<number>
  boardId: string
  cardId: string
  /** Who made the change; null for the server's own. */
  userId: string | null
  at: IsoTimestamp
  /** `created`, `field`, `text`, `archived` or `restored` */
  kind: string
  /** the field changed (`field`, `text`), else null */
  field: string | null
  /** a short field's value before and after, as shown (`field` only) */
  fromValue: string | null
  toValue: string | null
}

/** [VER1] A version of a card's copy: kept when the card changed stage, or on demand. */
export interface CopyVersionTable {
  id: Generated<number>
  boardId: string
  cardId: string
  /** Who moved the card or kept the version; null for the server's own. */
  userId: string | null
  at: IsoTimestamp
  /** `stage` (kept as the card entered `stage`) or `kept` (on demand) */
  reason: string
  stage: string | null
  copy: string
}

/** [COM1] A comment on a card: a thread's first, or a reply to one. */
export interface CardCommentTable {
  id: string
  boardId: string
  cardId: string
  authorId: string
  /** the thread's first comment; null for a first comment */
  parentId: string | null
  /** '' once deleted */
  body: string
  /** JSON array of the user ids mentioned */
  mentions: string
  createdAt: IsoTimestamp
  editedAt: IsoTimestamp | null
  deletedAt: IsoTimestamp | null
  /** a thread's first comment: when and by whom the thread was resolved */
  resolvedAt: IsoTimestamp | null
  resolvedBy: string | null
}

/** [COM3] Up to when someone has read a card's comments. */
export interface CardCommentReadTable {
  userId: string
  boardId: string
  cardId: string
  readAt: IsoTimestamp
}

/**
 * [COM4] Each card's comments as one changing thing: its version goes up by one with every
 * comment written, edited, deleted, resolved or reopened on it, in the same transaction, and
 * `changedAt` says when (the writer's clock). Live subscribers on every server instance read
 * what changed lately to tell the board's members.
 */
export interface CardCommentChangeTable {
  boardId: string
  cardId: string
  version: number
  changedAt: IsoTimestamp
}

export interface AssignmentEventTable {
  id: Generated<number>
  boardId: string
  cardId: string
  /** null when the card had no assignee. */
  fromUserId: string | null
  /** null when the card was unassigned. */
  toUserId: string | null
  /** Who made the change. */
  userId: string | null
  at: IsoTimestamp
}

export interface InvitationTable {
  id: string
  workspaceId: string
  /** Lower-cased; null for a link anyone holding it may use. */
  email: string | null
  /** JSON array of roles, checked with `rolesSchema` on write and read. */
  roles: string
  /** sha256 hex of the token; the token itself is never stored. */
  tokenHash: string
  /** null once that user is deleted. */
  createdBy: string | null
  createdAt: IsoTimestamp
  expiresAt: IsoTimestamp
  acceptedAt: IsoTimestamp | null
  acceptedBy: string | null
  revokedAt: IsoTimestamp | null
}

export interface ApiTokenTable {
  id: string
  userId: string
  name: string
  /** sha256 hex of the token; the token itself is never stored. */
  tokenHash: string
  createdAt: IsoTimestamp
  lastUsedAt: IsoTimestamp | null
  revokedAt: IsoTimestamp | null
}

/**
 * One card of a board document, as the server last accepted it (a projection, not the truth).
 * Its card columns (`cardId`, `title`, `stage`…) are declared once, in `CARD_COLUMNS`.
 */
export type BoardCardTable = {
  boardId: string
  /** When the projection last saw one of the card's columns change. */
  updatedAt: IsoTimestamp
} & CardColumnsTable

export interface CalendarFeedTable {
  id: string
  userId: string
  /** null: the user's assigned posts on every board they can see. */
  boardId: string | null
  createdAt: IsoTimestamp
  lastUsedAt: IsoTimestamp | null
  revokedAt: IsoTimestamp | null
}

export interface NotificationTable {
  id: string
  userId: string
  boardId: string | null
  cardId: string | null
  kind: string
  /** JSON object; its shape depends on `kind`. */
  data: string
  createdAt: IsoTimestamp
  readAt: IsoTimestamp | null
  dedupeKey: string | null
  /** When it was claimed for email (NOTIF8); null: not yet, or not a kind that is emailed. */
  mailedAt: IsoTimestamp | null
}

/** Who first wrote with a Yjs client id on a board; null is the server itself. */
export interface BoardClientTable {
  boardId: string
  /** A Yjs client id: an unsigned 32-bit number, so `bigint` in SQL (PostgreSQL reads it as text). */
  clientId: ColumnType<number | string, number, number>
  userId: string | null
  createdAt: IsoTimestamp
}

/** "This person's access changed": every instance checks their open sockets again. */
export interface AccessChangeTable {
  seq: Generated<number>
  userId: string
  at: IsoTimestamp
}

/**
 * [MED1] Bytes stored once per content, named by their sha256 (hex). The row is written once
 * the bytes are complete; on SQLite they are a file (`<dataDir>/media/…`), on PostgreSQL the
 * rows of `blobChunk`.
 */
export interface BlobTable {
  hash: string
  size: number
  createdAt: IsoTimestamp
  /**
   * [MED8] The last time these bytes were put (a put of bytes already stored refreshes it):
   * the sweep spares a blob put within its grace, whose media row may not be written yet.
   */
  lastPutAt: IsoTimestamp
}

/**
 * [MED4] PostgreSQL's copy of a blob's bytes, in 256 KiB pieces numbered from 0. The table
 * exists on SQLite too (one schema), where it stays empty. While an upload is under way its
 * pieces carry a temporary key inside the upload's transaction, never visible to others.
 */
export interface BlobChunkTable {
  hash: string
  seq: number
  data: Bytes
}

/** [MED5] An image or video attached to cards of a board: its original's blob and thumbnail. */
export interface MediaTable {
  id: string
  workspaceId: string
  boardId: string
  /** the original's blob */
  hash: string
  /** a blob holding a thumbnail the server made, if any */
  thumbHash: string | null
  /** `image` or `video` */
  kind: string
  mime: string
  /** the original's size in bytes */
  size: number
  width: number | null
  height: number | null
  /** the original file name, for download */
  name: string
  uploadedBy: string
  createdAt: IsoTimestamp
  /** [MED7] since when no card references it (set and cleared by the sweep); null while referenced */
  unreferencedSince: ColumnType<
    IsoTimestamp | null,
    IsoTimestamp | null | undefined,
    IsoTimestamp | null
  >
}

/** [MED6] Which cards of a board reference which media, kept in step with the board document. */
export interface MediaRefTable {
  boardId: string
  cardId: string
  mediaId: string
}

/** [RND1] A batch of a board's posts sent for review, with the sender's message. */
export interface ReviewRoundTable {
  id: string
  boardId: string
  name: string
  message: string
  createdBy: string
  createdAt: IsoTimestamp
  /** [RND5] when its reviewers were last reminded that it waits for them */
  remindedAt: IsoTimestamp | null
}

/** [RND1] The posts of a round. */
export interface ReviewRoundCardTable {
  roundId: string
  boardId: string
  cardId: string
}

/** [RND3] A link that lets whoever holds it review one round, without an account. */
export interface ReviewLinkTable {
  id: string
  roundId: string
  boardId: string
  /** whom it was made for, as its maker wrote it: shown beside what its holder does */
  label: string
  email: string | null
  /** scrypt of the optional PIN (`salt:hash`, hex); null when the link has none */
  pinHash: string | null
  /** wrong PINs in a row; at PIN_TRIES the link locks until `lockedUntil` */
  pinFailures: ColumnType<number, number | undefined, number>
  lockedUntil: IsoTimestamp | null
  createdBy: string
  createdAt: IsoTimestamp
  expiresAt: IsoTimestamp
  revokedAt: IsoTimestamp | null
  lastUsedAt: IsoTimestamp | null
}

/** [RND4] A review step on a post: who (a member, or a link's holder), when, what it led to. */
export interface ReviewDecisionTable {
  id: Generated<number>
  boardId: string
  cardId: string
  /** the member who decided; null for a link's holder */
  userId: string | null
  at: IsoTimestamp
  roundId: string | null
  linkId: string | null
  /** `send`, `approve` or `changes` */
  step: string
  /** the approval state the step left the post in */
  toState: string
  /** the version of the copy the step saw (kept as the step was made) */
  copyVersionId: number | null
}

export interface DB {
  user: UserTable
  session: SessionTable
  account: AccountTable
  verification: VerificationTable
  workspace: WorkspaceTable
  member: MemberTable
  memberRole: MemberRoleTable
  board: BoardTable
  docUpdate: DocUpdateTable
  docSnapshot: DocSnapshotTable
  stageEvent: StageEventTable
  apiToken: ApiTokenTable
  invitation: InvitationTable
  assignmentEvent: AssignmentEventTable
  cardActivity: CardActivityTable
  copyVersion: CopyVersionTable
  cardComment: CardCommentTable
  cardCommentRead: CardCommentReadTable
  cardCommentChange: CardCommentChangeTable
  boardCard: BoardCardTable
  calendarFeed: CalendarFeedTable
  notification: NotificationTable
  boardClient: BoardClientTable
  accessChange: AccessChangeTable
  blob: BlobTable
  blobChunk: BlobChunkTable
  media: MediaTable
  mediaRef: MediaRefTable
  reviewRound: ReviewRoundTable
  reviewRoundCard: ReviewRoundCardTable
  reviewLink: ReviewLinkTable
  reviewDecision: ReviewDecisionTable
}
