import type { Database, NotificationState } from '@pauta/db'
import type {
  ApprovalNote,
  ApprovalState,
  BoardSettings,
  MediaItem,
  Network,
  Refusal,
  Reviewer,
  Stage,
} from '@pauta/domain'

export interface SessionUser {
  id: string
  name: string
  email: string
}

export interface Credentials {
  email: string
  password: string
}

/**
 * Accounts and sessions, implemented by the server on top of its auth library. The API
 * only sees this contract, so its routers can be tested and reused without the library.
 */
export interface AuthService {
  /** Creates an account and signs it in; null when the email is taken. */
  signUp(input: Credentials & { name: string }): Promise<SignedIn | null>
  /** null when the email or password is wrong. */
  signIn(input: Credentials): Promise<SignedIn | null>
  /** Ends the session the request headers carry; returns headers that clear the cookie. */
  signOut(requestHeaders: Headers): Promise<Headers>
}

export interface SignedIn {
  user: SessionUser
  /** Response headers (Set-Cookie) that carry the new session to the browser. */
  headers: Headers
}

/**
 * What the API tells the live side of the server, so open connections follow a change
 * within moments: a member who lost access is disconnected, one whose roles changed
 * reconnects with the new ones, and a board's connections pick up new rules.
 */
export interface LiveControl {
  /**
   * `userId`'s access changed (stored, and noted in the access log): their open connections
   * on every instance are checked again now. A connection whose token was revoked or whose
   * session ended is closed, one no longer a member is closed, one with other roles
   * reconnects. Does not throw: the access log is read by every instance anyway.
   */
  accessChanged(userId: string): Promise<void>
  settingsChanged(boardId: string, settings: BoardSettings): void
}

/**
 * The live side of notifications: the server pushes a person's unread state to their open
 * subscriptions, and hears from the API when that state changes (marked read).
 */
export interface NotificationFeed {
  /** `userId`'s state now, then again whenever it changes, until `signal` aborts. */
  watch(userId: string, signal: AbortSignal | undefined): AsyncIterable<NotificationState>
  /** These people's notifications changed here: their subscriptions update at once. */
  changed(userIds: readonly string[]): void
}

/** What a board's live comment stream sends ([COM4] in @pauta/db). */
export type CommentsLiveEvent =
  /**
   * Sent once the stream is listening: every change from here on is sent, so what a reader
   * shows should be read again now (what changed while it was not connected is not sent).
   */
  | { kind: 'listening' }
  /** The comments of one card changed: its version now, and when (the writer's clock). */
  | { kind: 'changed'; cardId: string; version: number; changedAt: string }

/**
 * The live side of comments: the server tells a board's open streams which card's comments
 * changed, whoever changed them and on whichever server instance.
 */
export interface CommentFeed {
  /**
   * The board's comment changes until `signal` aborts, for `userId`, a member of the board's
   * workspace (checked by the caller; the stream ends when they no longer are).
   */
  watch(
    board: { id: string; workspaceId: string },
    userId: string,
    signal: AbortSignal | undefined,
  ): AsyncIterable<CommentsLiveEvent>
  /** Comments of this board were written here: its streams hear of it at once. */
  changed(boardId: string): void
}

/**
 * What the server derives from each accepted board change — the card projection and the stage
 * history the dashboards read — is written just after the change reaches the board's members.
 */
export interface BoardWritesFeed {
  /**
   * Resolves once the writes under way for `boardId` when called (on any server instance)
   * have landed, so a dashboard asked for as soon as a member saw a move includes it. Bounded:
   * it never waits long for a write that is stuck.
   */
  settled(boardId: string): Promise<void>
}

/** [APPR3] A review step: send a post for review, approve it, or ask for changes. */
export type ReviewStep = 'send' | 'approve' | 'changes'

/** What a review step came to: the approval state it left the post in, or why not. */
export type ReviewStepResult =
  | { ok: true; toState: ApprovalState; title: string; assigneeId: string | null }
  | { ok: false; refusal: Refusal }

/** A post as its reviewers read it, from the board's document as the server holds it now. */
export interface ReviewPost {
  cardId: string
  title: string
  stage: Stage
  network: Network | null
  campaign: string | null
  scheduledAt: string | null
  assigneeId: string | null
  copy: string
  media: MediaItem[]
  approval: ApprovalState
  reviewer: Reviewer | null
  approvalNote: ApprovalNote | null
}

/** Who takes a review step: a member, or the holder of a review link (answering as the client). */
export type ReviewBy = { userId: string } | { link: { id: string; boardId: string; label: string } }

/**
 * Review steps and what the review pages read, made by the server: a step is a card command
 * run on the reviewer's behalf, judged and relayed like any change ([APPR5]), and recorded
 * with the version of the copy it saw ([RND4]).
 */
export interface Reviews {
  /** [APPR3] [RND4] A review step on a post of `boardId`, as `by`, within `roundId` if any. */
  step(input: {
    boardId: string
    by: ReviewBy
    cardId: string
    step: ReviewStep
    roundId: string | null
  }): Promise<ReviewStepResult>
  /** The board's posts among `cardIds` (archived ones left out), in no particular order. */
  posts(boardId: string, cardIds: readonly string[]): Promise<ReviewPost[]>
  /** [RND2] The link's token, signed with the server's secret, and the page it opens. */
  linkUrl(linkId: string): string
  /** [RND2] The link id a token names, when its signature holds; else null. */
  linkIdOf(token: string): string | null
  /** [RND3] A pass for a link whose PIN was given, valid for a few hours, and its check. */
  passFor(linkId: string, now: Date): string
  passValid(linkId: string, pass: string, now: Date): boolean
  /** [RND3] A PIN's salted hash, and whether a PIN matches one. */
  hashPin(pin: string): Promise<string>
  pinMatches(pin: string, hash: string): Promise<boolean>
}

/** One email: plain text, and optionally the same as HTML. */
export interface OutgoingMail {
  /** One address. */
  to: string
  subject: string
  text: string
  html?: string
}

/** Email through the server's SMTP server (`SMTP_URL`). */
export interface MailSender {
  /** Whether this server sends email at all: false without `SMTP_URL`. */
  readonly enabled: boolean
  /**
   * Sends one email; true once the SMTP server accepted it, false when email is off or sending
   * failed (the server logs why). Never throws, and gives up after a few seconds, so a caller
   * may await it inside a request.
   */
  send(mail: OutgoingMail): Promise<boolean>
}

export interface ApiContext {
  db: Database['db']
  auth: AuthService
  /** The caller, from the session cookie or an API token; null when anonymous. */
  user: SessionUser | null
  requestHeaders: Headers
  /** The caller's address, for rate limits. */
  clientIp: string
  /** Adds response headers (the session cookie) to the HTTP response. */
  setResponseHeaders(headers: Headers): void
  live: LiveControl
  /** The origin people use to reach Pauta, for links (invitations). */
  publicUrl: string
  /** The secret URL a calendar app subscribes to for this calendar feed (signed by the server). */
  feedUrl(feedId: string): string
  /** An invitation's token, derived from its id with the server's secret (shown again while pending). */
  invitationToken(invitationId: string): string
  /** Live notification updates for the bell (`notifications.live`). */
  notifications: NotificationFeed
  /** Live comment changes for a board's members (`comments.live`). */
  comments: CommentFeed
  /** The board writes the dashboards wait for. */
  boardWrites: BoardWritesFeed
  /** Review steps made by the server on the caller's behalf, and what review pages read. */
  reviews: Reviews
  /** Email (invitations, review links); not `enabled`: this server sends none. */
  mail: MailSender
  /** The clock review links expire by; the server's own, tests move it. */
  now(): Date
}
