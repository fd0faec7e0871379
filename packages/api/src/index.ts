export type {
  ApiContext,
  AuthService,
  Credentials,
  LiveControl,
  SessionUser,
  SignedIn,
} from './context.ts'
export {
  SIGN_UP_LIMIT,
  SignInLimiter,
  SignUpLimiter,
  SlidingWindowCounter,
} from './rate-limits.ts'
export type { AppRouter, AppRouterOptions } from './routers.ts'
export { createAppRouter } from './routers.ts'
export {
  emailSchema,
  passwordSchema,
  personNameSchema,
  SIGN_UP_MODES,
  type SignUpMode,
} from './schemas.ts'
