import { z } from 'zod'

export const emailSchema = z
  .email('enter a valid email address')
  .max(254)
  .transform((e) => e.toLowerCase())
export const passwordSchema = z
  .string()
  .min(8, 'at least 8 characters')
  .max(128, 'at most 128 characters')
export const personNameSchema = z.string().trim().min(1, 'enter your name').max(80)
export const idInput = z.string().min(1).max(64)
/** An invitation link's token (`inv_…`). */
export const invitationTokenSchema = z.string().min(8).max(100)

/** Who may create an account on this server (PAUTA_SIGNUP). */
export const SIGN_UP_MODES = ['open', 'invite-only'] as const
export type SignUpMode = (typeof SIGN_UP_MODES)[number]
