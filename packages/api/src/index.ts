export type { AppRouter, AppRouterOptions } from './app-router.ts'
export { createAppRouter } from './app-router.ts'
export type { CardHistoryEntry } from './cards-router.ts'
export type {
  ApiContext,
  AuthService,
  BoardCommands,
  BoardWritesFeed,
  CommentFeed,
  CommentsLiveEvent,
  Credentials,
  LiveControl,
  MailSender,
  OutgoingMail,
  ReviewStep,
  SessionUser,
  SignedIn,
} from './context.ts'
export { INVITATION_EMAIL_LIMIT } from './invitations-router.ts'
export {
  SIGN_UP_LIMIT,
  SignInLimiter,
  SignUpLimiter,
  SlidingWindowCounter,
} from './rate-limits.ts'
export {
  emailSchema,
  passwordSchema,
  personNameSchema,
  SIGN_UP_MODES,
  type SignUpMode,
} from './schemas.ts'
