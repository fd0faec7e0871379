import { publicProcedure, router } from './trpc.ts'

/** What this server is set up to do, for the app to say so (no database read). */
export const serverRouter = router({
  /** `mail`: whether this server sends email (SMTP_URL), e.g. invitation links. */
  info: publicProcedure.query(({ ctx }) => ({ mail: ctx.mail?.enabled === true })),
})
