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
