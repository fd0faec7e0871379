import { boardRulesSchema, DEFAULT_RULES } from './rules.ts'
import { STAGES, type Stage } from './stages.ts'
import { z } from './zod.ts'

/** [WIP1] A stage's WIP limit: going past it is shown and counted, never refused. */
export const wipLimitSchema = z.nullable(z.number().check(z.int(), z.minimum(1), z.maximum(10_000)))

/** Per-board settings kept in SQL beside the document; its strategist edits them. */
export const boardSettingsSchema = z.object({
  wipLimits: z._default(z.partialRecord(z.enum(STAGES), wipLimitSchema), {}),
  rules: z._default(boardRulesSchema, DEFAULT_RULES),
})
export type BoardSettings = z.infer<typeof boardSettingsSchema>

export const DEFAULT_BOARD_SETTINGS: BoardSettings = { wipLimits: {}, rules: DEFAULT_RULES }

export function wipLimit(settings: BoardSettings, stage: Stage): number | null {
  return settings.wipLimits[stage] ?? null
}

export const boardNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'a board needs a name'), z.maxLength(120))
export const workspaceNameSchema = z
  .string()
  .check(z.trim(), z.minLength(1, 'a workspace needs a name'), z.maxLength(120))

function knownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** An IANA time zone this runtime knows ("America/Mexico_City", "UTC"). */
export const timeZoneSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(64),
    z.refine(knownTimeZone, 'an IANA time zone such as Europe/Madrid'),
  )
