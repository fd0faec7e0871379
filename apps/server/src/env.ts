import path from 'node:path'
import { SIGN_UP_LIMIT, SIGN_UP_MODES, type SignUpMode } from '@pauta/api'
import { z } from 'zod'
import { LOOPBACK, parseProxyEntry } from './client-address.ts'

const onOff = z
  .enum(['on', 'off', 'true', 'false', '1', '0'])
  .transform((value) => value === 'on' || value === 'true' || value === '1')

/** Who emails come from when MAIL_FROM is not set. */
export const DEFAULT_MAIL_FROM = 'Pauta <pauta@localhost>'

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url().optional(),
  REDIS_URL: z
    .url()
    .refine((url) => /^rediss?:\/\//.test(url), 'expected redis:// or rediss://')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  /** Seed the demo workspace into an empty database. */
  PAUTA_DEMO: onOff.default(true),
  /** Signs session cookies; without it one is generated and kept in DATA_DIR. */
  AUTH_SECRET: z.string().min(32, 'AUTH_SECRET needs at least 32 characters').optional(),
  /** Where the built web app is; the default is apps/web/dist. */
  WEB_DIST: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The size cap of one board's document, in bytes. */
  MAX_BOARD_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(32 * 1024 * 1024),
  /** The largest file a card may have attached (a video), in bytes: 200 MiB. */
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024 * 1024)
    .default(200 * 1024 * 1024),
  /** The largest image, in bytes (20 MiB); never more than MAX_UPLOAD_BYTES. */
  MAX_IMAGE_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .default(20 * 1024 * 1024),
  /** Who may create an account: anyone, or only people holding a pending invitation. */
  PAUTA_SIGNUP: z.enum(SIGN_UP_MODES).default('open'),
  /** Sign-up attempts one address may make in an hour (an office signing up together may need more). */
  PAUTA_SIGNUP_LIMIT: z.coerce.number().int().min(1).max(100_000).default(SIGN_UP_LIMIT.max),
  /**
   * Reverse proxies whose X-Forwarded-For is believed for per-address limits: off, on (a
   * proxy on this machine), or their addresses and CIDR ranges, comma-separated.
   */
  TRUST_PROXY: z
    .string()
    .trim()
    .default('off')
    .transform((value, ctx) => {
      const lower = value.toLowerCase()
      if (['off', 'false', '0', ''].includes(lower)) return []
      if (['on', 'true', '1'].includes(lower)) return [...LOOPBACK]
      const entries = value.split(',').map((entry) => entry.trim())
      const bad = entries.filter((entry) => parseProxyEntry(entry) === null)
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected off, on, or proxy addresses / CIDR ranges separated by commas; not an address: ${bad.join(', ')}`,
        })
        return z.NEVER
      }
      return entries
    }),
  /**
   * Email through this SMTP server (`smtp://user:pass@host:587`, STARTTLS when offered, or
   * `smtps://…:465`, TLS from the start); without it Pauta sends no email.
   */
  SMTP_URL: z
    .url()
    .refine((url) => /^smtps?:\/\//i.test(url), 'expected smtp:// or smtps://')
    .optional(),
  /** The sender of every email: an address, or `Name <address>`. */
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^(?:[^<>@\s][^<>@]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/, {
      message: 'expected an address (pauta@example.com) or Name <pauta@example.com>',
    })
    .default(DEFAULT_MAIL_FROM),
})

export interface Env {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  redisUrl: string | undefined
  /** The origin people use to reach Pauta; WebSocket and mutation origins are checked against it. */
  publicUrl: string
  /** Origins allowed to open the sync socket and call cookie-authenticated mutations. */
  allowedOrigins: string[]
  demo: boolean
  authSecret: string | undefined
  webDist: string
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL']
  maxBoardBytes: number
  /** Uploads: the largest file, and the largest image (at most the largest file). */
  maxUploadBytes: number
  maxImageBytes: number
  signUpMode: SignUpMode
  /** Sign-up attempts per address per hour. */
  signUpLimit: number
  /** Addresses and CIDR ranges of trusted reverse proxies; empty: none (TRUST_PROXY=off). */
  trustProxy: string[]
  /** SMTP_URL: where email is sent through; undefined: email is off. Holds a password: never log it. */
  smtpUrl: string | undefined
  /** MAIL_FROM: the sender of every email. */
  mailFrom: string
}

/** The only place that reads process.env. Fails with every problem listed at once. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid configuration:\n${problems.join('\n')}`)
  }
  const e = parsed.data
  if (e.REDIS_URL !== undefined && e.DATABASE_URL === undefined) {
    throw new Error(
      'invalid configuration:\n  REDIS_URL: several server processes need a shared database; set DATABASE_URL to PostgreSQL (they cannot share the embedded SQLite file)',
    )
  }
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).origin
  // Without PUBLIC_URL, both local spellings of the address reach the same server.
  const allowedOrigins = e.PUBLIC_URL
    ? [publicUrl]
    : [publicUrl, `http://127.0.0.1:${e.PORT}`, `http://[::1]:${e.PORT}`]
  return {
    port: e.PORT,
    host: e.HOST,
    // pnpm runs package scripts in the package's folder; a relative path means the caller's.
    dataDir: path.resolve(source.INIT_CWD ?? process.cwd(), e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    publicUrl,
    allowedOrigins,
    demo: e.PAUTA_DEMO,
    authSecret: e.AUTH_SECRET,
    webDist: path.resolve(e.WEB_DIST ?? new URL('../../web/dist', import.meta.url).pathname),
    logLevel: e.LOG_LEVEL,
    maxBoardBytes: e.MAX_BOARD_BYTES,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    maxImageBytes: Math.min(e.MAX_IMAGE_BYTES, e.MAX_UPLOAD_BYTES),
    signUpMode: e.PAUTA_SIGNUP,
    signUpLimit: e.PAUTA_SIGNUP_LIMIT,
    trustProxy: e.TRUST_PROXY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
  }
}
