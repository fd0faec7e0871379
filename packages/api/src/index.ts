export type { AppRouter, AppRouterOptions } from './app-router.ts'
export { createAppRouter } from './app-router.ts'
export type { CardHistoryEntry } from './cards-router.ts'
export type {
  ApiContext,
  AuthService,
  BoardWritesFeed,
  CommentFeed,
  CommentsLiveEvent,
  Credentials,
  LiveControl,
  MailSender,
  OutgoingMail,
  ReviewBy,
  ReviewPost,
  ReviewStep,
  ReviewStepResult,
  Reviews,
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
export type { RoundPost, RoundView } from './review-rounds.ts'
export { LINK_AUTHOR } from './review-rounds.ts'
export {
  emailSchema,
  passwordSchema,
  personNameSchema,
  SIGN_UP_MODES,
  type SignUpMode,
} from './schemas.ts'
