import { z } from 'zod'
import { stageSchema } from './stages.ts'

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

export const LIMITS = {
  title: 200,
  description: 10_000,
  tag: 40,
  tags: 20,
  id: 64,
  orderKey: 256,
} as const

const idSchema = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, - and _')
const isoDate = z.iso.datetime({ offset: true })

export const cardIdSchema = idSchema
export const userIdSchema = z.string().min(1).max(LIMITS.id)

export const titleSchema = z
  .string()
  .trim()
  .min(1, 'a card needs a title')
  .max(LIMITS.title, `at most ${LIMITS.title} characters`)
export const tagSchema = z.string().trim().min(1).max(LIMITS.tag)
export const tagsSchema = z
  .array(tagSchema)
  .max(LIMITS.tags)
  .transform((tags) => [...new Set(tags)])

/**
 * Every field a card holds in the board document. The server checks the fields of every
 * document update against this schema; the web app's card form uses the editable subset.
 */
export const cardSchema = z.object({
  id: idSchema,
  title: titleSchema,
  description: z.string().max(LIMITS.description),
  stage: stageSchema,
  order: z.string().min(1).max(LIMITS.orderKey),
  network: networkSchema.nullable(),
  assigneeId: userIdSchema.nullable(),
  scheduledAt: isoDate.nullable(),
  publishedAt: isoDate.nullable(),
  tags: tagsSchema,
  campaign: z.string().trim().max(LIMITS.title).nullable(),
  escalationReason: z.string().max(LIMITS.description).nullable(),
  severity: severitySchema.nullable(),
  /** Written by whoever resolves an escalation, in the same change that moves the card out. */
  resolutionNote: z.string().trim().max(LIMITS.description).nullable(),
  archived: z.boolean(),
  createdAt: isoDate,
  createdBy: userIdSchema.nullable(),
})
export type Card = z.infer<typeof cardSchema>
export type CardField = keyof Card

/** The fields a person edits in the card form (and a script through the API). */
export const cardEditSchema = cardSchema
  .pick({
    title: true,
    description: true,
    network: true,
    assigneeId: true,
    scheduledAt: true,
    tags: true,
    campaign: true,
  })
  .partial()
export type CardEdit = z.infer<typeof cardEditSchema>

/**
 * Fields a stage may demand before a card enters it; the form asks for the missing ones.
 * (publishedAt, escalationReason and severity are written only by such moves.)
 */
export const stageFieldSchema = z.enum([
  'title',
  'description',
  'network',
  'assigneeId',
  'scheduledAt',
  'publishedAt',
  'tags',
  'campaign',
  'escalationReason',
  'severity',
])
export type StageField = z.infer<typeof stageFieldSchema>

/** What a move may write besides stage and order: the fields its target stage asks for. */
export const moveFieldsSchema = cardSchema
  .pick({
    network: true,
    assigneeId: true,
    scheduledAt: true,
    publishedAt: true,
    escalationReason: true,
    severity: true,
    resolutionNote: true,
  })
  .partial()
export type MoveFields = z.infer<typeof moveFieldsSchema>

export const newCardSchema = cardEditSchema.extend({
  title: titleSchema,
  stage: stageSchema.default('strategy'),
})
export type NewCard = z.input<typeof newCardSchema>
