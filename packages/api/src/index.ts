export type {
  ApiContext,
  AuthService,
  Credentials,
  LiveControl,
  SessionUser,
  SignedIn,
} from './context.ts'
export type { AppRouter } from './routers.ts'
export { createAppRouter } from './routers.ts'
export { emailSchema, passwordSchema, personNameSchema } from './schemas.ts'
export { SignInLimiter } from './sign-in-limiter.ts'
