import { stageSchema } from './stages.ts'
import { z } from './zod.ts'

export const NETWORKS = [
  'instagram',
  'facebook',
  'x',
  'tiktok',
  'linkedin',
  'youtube',
  'threads',
  'blog',
] as const
export const networkSchema = z.enum(NETWORKS)
export type Network = z.infer<typeof networkSchema>

export const SEVERITIES = ['low', 'medium', 'high', 'crisis'] as const
export const severitySchema = z.enum(SEVERITIES)
export type Severity = z.infer<typeof severitySchema>

/** [LIMIT1] [LIMIT2] What a card and a workspace's lists hold at most. */
export const LIMITS = {
  title: 200,
  description: 10_000,
  /** The post's copy: the longest any network takes (Facebook's 63,206 characters). */
  copy: 63_206,
  tag: 40,
  tags: 20,
  id: 64,
  orderKey: 256,
  link: 2000,
  /** A campaign or objective name, and how many of each a workspace keeps. */
  listItem: 120,
  listItems: 100,
  note: 2000,
  notes: 100,
  /** A comment on a card, and how many people one may mention. */
  comment: 4000,
  mentions: 20,
  /** Files on one card: a carousel takes up to 20 (Instagram's and TikTok's most). */
  media: 20,
  /** An image's alt text: X takes 1,000 characters, the longest of the networks. */
  alt: 1000,
} as const

/*
 * Lengths are checked on the text as written, before trimming: the document stores what a
 * client wrote, so that is what the limits bound ("ok" and a million spaces is not a title
 * of two characters). Trimming after the check gives forms their tidy value.
 */
const idSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(LIMITS.id),
    z.regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, - and _'),
  )
const isoDate = z.iso.datetime({ offset: true })

/** A link a person may click: http(s) only (never javascript: or data:). */
export const linkSchema = z
  .url({ protocol: /^https?$/, hostname: z.regexes.domain })
  .check(z.maxLength(LIMITS.link, `at most ${LIMITS.link} characters`))

export const SENTIMENTS = ['positive', 'neutral', 'negative', 'mixed'] as const
export const sentimentSchema = z.enum(SENTIMENTS)
export type Sentiment = z.infer<typeof sentimentSchema>

const count = z.number().check(z.int(), z.minimum(0), z.maximum(1e12))

/**
 * One monitoring note on a published post: what the community manager saw when they looked
 * (reach, engagement, comments, overall sentiment) and anything else in words.
 */
export const monitoringNoteSchema = z.strictObject({
  at: isoDate,
  by: z.string().check(z.minLength(1), z.maxLength(64)),
  reach: z.nullable(count),
  engagement: z.nullable(count),
  comments: z.nullable(count),
  sentiment: z.nullable(sentimentSchema),
  text: z.string().check(z.maxLength(LIMITS.note), z.trim()),
})
export type MonitoringNote = z.infer<typeof monitoringNoteSchema>

/** [APPR2] Where a post stands with its approval. */
export const APPROVAL_STATES = ['draft', 'in-review', 'changes-requested', 'approved'] as const
export const approvalStateSchema = z.enum(APPROVAL_STATES)
export type ApprovalState = z.infer<typeof approvalStateSchema>

/** [APPR2] Whose answer a post in review waits for: the team's, or the client's. */
export const REVIEWERS = ['team', 'client'] as const
export const reviewerSchema = z.enum(REVIEWERS)
export type Reviewer = z.infer<typeof reviewerSchema>

/** [APPR4] Why a post went back to review by itself: its copy or media changed after a yes. */
export const APPROVAL_NOTES = ['changed-after-approval'] as const
export const approvalNoteSchema = z.enum(APPROVAL_NOTES)
export type ApprovalNote = z.infer<typeof approvalNoteSchema>

export const MEDIA_KINDS = ['image', 'video'] as const
export const mediaKindSchema = z.enum(MEDIA_KINDS)
export type MediaKind = z.infer<typeof mediaKindSchema>

/**
 * [MEDIA1] One file attached to a card, in the order the post shows them: the id the server
 * gave the upload (its bytes and type live on the server, never in the document), whether
 * it is an image or a video, and an image's alt text (what it shows, for people who cannot
 * see it; empty until someone writes it).
 */
export const mediaItemSchema = z.strictObject({
  id: idSchema,
  kind: mediaKindSchema,
  alt: z.string().check(z.maxLength(LIMITS.alt, `at most ${LIMITS.alt} characters`)),
})
export type MediaItem = z.infer<typeof mediaItemSchema>

/** A card's files: each at most once. */
export const mediaListSchema = z.array(mediaItemSchema).check(
  z.maxLength(LIMITS.media, `at most ${LIMITS.media} files`),
  z.refine(
    (items) => new Set(items.map((item) => item.id)).size === items.length,
    'a file is attached once',
  ),
)

/** A card's id, as commands take it. */
export const cardIdSchema = idSchema
export const userIdSchema = z.string().check(z.minLength(1), z.maxLength(LIMITS.id))

export const titleSchema = z
  .string()
  .check(
    z.maxLength(LIMITS.title, `at most ${LIMITS.title} characters`),
    z.trim(),
    z.minLength(1, 'a card needs a title'),
  )
export const tagSchema = z.string().check(z.maxLength(LIMITS.tag), z.trim(), z.minLength(1))
export const tagsSchema = z.pipe(
  z.array(tagSchema).check(z.maxLength(LIMITS.tags)),
  z.transform((tags: string[]) => [...new Set(tags)]),
)

/** `schema`, null when missing: a field an older entry may lack ([DOC3]). */
const nullByDefault = <T extends z.core.SomeType>(schema: T) => z._default(z.nullable(schema), null)

/**
 * Every field a card holds in the board document, in the order the README's table lists them.
 * The server checks the fields of every document update against this schema; the web app's
 * card form uses the editable subset.
 *
 * A field with a `.default()` may be missing from an older or partial entry: a reader assumes
 * that value instead ([DOC3]), and a new card starts with it (`cardDefaults`). A field without
 * one is given by whoever creates the card.
 */
export const cardSchema = z.object({
  id: idSchema,
  title: titleSchema,
  /** Notes for the team about the piece (a brief, links, what to avoid); not published. */
  description: z._default(z.string().check(z.maxLength(LIMITS.description)), ''),
  /** The post as it will be published: plain text with emoji, hashtags, mentions and links. */
  copy: z._default(z.string().check(z.maxLength(LIMITS.copy)), ''),
  stage: stageSchema,
  order: z.string().check(z.minLength(1), z.maxLength(LIMITS.orderKey)),
  network: nullByDefault(networkSchema),
  assigneeId: nullByDefault(userIdSchema),
  scheduledAt: nullByDefault(isoDate),
  publishedAt: nullByDefault(isoDate),
  tags: z._default(tagsSchema, []),
  /** Images and videos of the post, in order ([MEDIA1]). */
  media: z._default(mediaListSchema, []),
  campaign: nullByDefault(z.string().check(z.maxLength(LIMITS.title), z.trim())),
  /** What the piece is for (reach, sales…), from the workspace's list of objectives. */
  objective: nullByDefault(z.string().check(z.maxLength(LIMITS.listItem), z.trim())),
  escalationReason: nullByDefault(z.string().check(z.maxLength(LIMITS.description))),
  severity: nullByDefault(severitySchema),
  /** Written by whoever resolves an escalation, in the same change that moves the card out. */
  resolutionNote: nullByDefault(z.string().check(z.maxLength(LIMITS.description), z.trim())),
  /** Where the published post lives. */
  publishedUrl: nullByDefault(linkSchema),
  /** The conversation that was escalated. */
  escalationUrl: nullByDefault(linkSchema),
  /** When the card last entered escalated: the SLA runs from here. */
  escalatedAt: nullByDefault(isoDate),
  /** Who last moved the card to another stage ([STAMP2]: the server writes it). */
  movedBy: nullByDefault(userIdSchema),
  /** When the card last changed stage, by the server's clock ([STAMP2]). */
  movedAt: nullByDefault(isoDate),
  /** The stage the card was in before its last stage change ([STAMP2]). */
  movedFrom: nullByDefault(stageSchema),
  /** What monitoring found, oldest first. */
  monitoring: z._default(z.array(monitoringNoteSchema).check(z.maxLength(LIMITS.notes)), []),
  /** [APPR2] Where the post stands with its approval; the server writes it ([APPR5]). */
  approval: z._default(approvalStateSchema, 'draft'),
  /** [APPR2] Whose answer a post in review waits for. */
  reviewer: nullByDefault(reviewerSchema),
  /** [APPR4] Why the post went back to review by itself, if it did. */
  approvalNote: nullByDefault(approvalNoteSchema),
  archived: z._default(z.boolean(), false),
  /** When the card was last archived, by the server's clock; null once restored ([STAMP3]). */
  archivedAt: nullByDefault(isoDate),
  /** Who last archived the card; null once restored ([STAMP3]: the server writes it). */
  archivedBy: nullByDefault(userIdSchema),
  createdAt: isoDate,
  createdBy: nullByDefault(userIdSchema),
})
export type Card = z.infer<typeof cardSchema>
export type CardField = keyof Card

/** Every field of a card, in the schema's order. */
export const CARD_FIELDS: readonly CardField[] = Object.freeze(
  Object.keys(cardSchema.shape) as CardField[],
)

type CardShape = typeof cardSchema.shape
type Undefaulted<S> = { [K in keyof S]: S[K] extends z.ZodMiniDefault<infer T> ? T : S[K] }
/** The fields that have a default: what an older entry may lack. */
export type DefaultedCardField = {
  [K in CardField]: CardShape[K] extends z.ZodMiniDefault ? K : never
}[CardField]
/** What a card reads as before anything is written: every field that has a default. */
export type CardDefaults = Pick<Card, DefaultedCardField>

/**
 * The field schemas without their defaults. Partial schemas (an edit, a move's fields) are
 * picked from these: a default there would write the default over every field left out.
 */
const cardFields = z.object(
  Object.fromEntries(
    Object.entries(cardSchema.shape).map(([field, schema]) => [
      field,
      schema instanceof z.ZodMiniDefault ? schema.def.innerType : schema,
    ]),
  ) as Undefaulted<CardShape>,
)

const cardDefaultsSchema = z.pick(
  cardSchema,
  Object.fromEntries(
    CARD_FIELDS.filter((field) => cardSchema.shape[field] instanceof z.ZodMiniDefault).map(
      (field) => [field, true],
    ),
  ) as Record<DefaultedCardField, true>,
)

/**
 * A fresh object (no shared arrays) with the value of every field that has a default: what a
 * reader assumes for a field an older entry lacks, and where a new card starts.
 */
export function cardDefaults(): CardDefaults {
  return cardDefaultsSchema.parse({})
}

/** The card schema of `fields` alone, with their defaults: a projection of a card. */
export function cardFieldsSchema<F extends CardField>(fields: readonly F[]) {
  const mask = Object.fromEntries(fields.map((field) => [field, true]))
  // every key is a card field, which the compiler cannot tell of a generic F
  return z.pick<typeof cardSchema, Record<F, true>>(cardSchema, mask as never)
}

const FIELD_SCHEMAS: Readonly<Record<string, z.ZodMiniType>> = cardFields.shape

/**
 * Why `raw`, as stored in a card's `field`, is not a value the card schema would store — or
 * null when it is. The server judges what is stored, not a normalised reading of it: the value
 * must pass the field's schema and be exactly what that schema reads from it (trimmed, no
 * repeated tags, no extra keys). A removed field reads as its default and is not checked here.
 */
export function storedFieldProblem(field: string, raw: unknown): string | null {
  const schema = FIELD_SCHEMAS[field]
  if (!schema) return `unknown field ${field}`
  const parsed = schema.safeParse(raw)
  if (!parsed.success) return `field ${field} does not satisfy the card schema`
  if (!sameJson(parsed.data, raw)) return `field ${field} is not in its stored form`
  return null
}

/** Deep equality of plain JSON values, whatever the order of object keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const aRecord = a as Record<string, unknown>
  const bRecord = b as Record<string, unknown>
  const keys = Object.keys(aRecord)
  if (keys.length !== Object.keys(bRecord).length) return false
  return keys.every((key) => Object.hasOwn(bRecord, key) && sameJson(aRecord[key], bRecord[key]))
}

/** The fields a person edits in the card form (and a script through the API). */
export const cardEditSchema = z.partial(
  z.pick(cardFields, {
    title: true,
    description: true,
    copy: true,
    network: true,
    assigneeId: true,
    scheduledAt: true,
    tags: true,
    media: true,
    campaign: true,
    objective: true,
    publishedUrl: true,
  }),
)
export type CardEdit = z.infer<typeof cardEditSchema>

/**
 * Fields a stage may demand before a card enters it; the form asks for the missing ones.
 * (publishedAt, escalationReason and severity are written only by such moves.)
 */
export const stageFieldSchema = z.enum([
  'title',
  'description',
  'copy',
  'network',
  'assigneeId',
  'scheduledAt',
  'publishedAt',
  'tags',
  'campaign',
  'objective',
  'escalationReason',
  'severity',
  'publishedUrl',
  'escalationUrl',
])
export type StageField = z.infer<typeof stageFieldSchema>

/** What a move may write besides stage and order: the fields its target stage asks for. */
export const moveFieldsSchema = z.partial(
  z.pick(cardFields, {
    network: true,
    assigneeId: true,
    scheduledAt: true,
    publishedAt: true,
    publishedUrl: true,
    escalationReason: true,
    escalationUrl: true,
    escalatedAt: true,
    severity: true,
    resolutionNote: true,
  }),
)
export type MoveFields = z.infer<typeof moveFieldsSchema>

/**
 * [CREATE3] A new card: the card form's fields, and the fields a later stage may require that
 * the form does not edit (publication time, escalation reason, severity, conversation link),
 * so that a card created straight into that stage can hold what it needs.
 */
export const newCardSchema = z.extend(cardEditSchema, {
  ...z.partial(
    z.pick(cardFields, {
      publishedAt: true,
      escalationReason: true,
      severity: true,
      escalationUrl: true,
    }),
  ).shape,
  title: titleSchema,
  stage: z._default(stageSchema, 'strategy'),
})
export type NewCard = z.input<typeof newCardSchema>

/** [LIMIT2] A workspace's named list (campaigns, objectives): trimmed, unique, in order. */
export const workspaceListSchema = z.pipe(
  z
    .array(z.string().check(z.trim(), z.minLength(1), z.maxLength(LIMITS.listItem)))
    .check(z.maxLength(LIMITS.listItems)),
  z.transform((items: string[]) => [...new Set(items)]),
)
