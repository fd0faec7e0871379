import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { type FormEvent, useId, useState } from 'react'
import { isNetworkError, trpcErrorCode, useTRPC } from '../api/trpc.ts'
import { useTranslation } from '../i18n/use-translation.ts'
import type { Me } from './me.ts'

export type Mode = 'sign-in' | 'sign-up'
type Field = 'name' | 'email' | 'password'
type FieldErrors = Partial<Record<Field, string>>

const MIN_PASSWORD = 8

/**
 * Sign in or create an account; `onSignedIn` runs once the server has set the session (the
 * signed-in person is already in the query cache). Used by the sign-in page and the
 * invitation page, which passes the link's token: on a server where sign-up is by
 * invitation only, that token is what lets a new person create an account.
 */
export function AuthForm({
  onSignedIn,
  email,
  titleId,
  invitationToken,
  initialMode = 'sign-in',
}: {
  onSignedIn: (user: Me) => void
  email?: string | null
  titleId?: string
  invitationToken?: string
  /** Sign-up for a newcomer (an invitation link), sign-in otherwise; either switches. */
  initialMode?: Mode
}) {
  const { t } = useTranslation()
  const trpc = useTRPC()
  const queryClient = useQueryClient()
  const [mode, setMode] = useState<Mode>(initialMode)
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<string | null>(null)
  // the sign-in page's title; a section of a page that has its own (the invitation)
  const Heading = titleId ? 'h1' : 'h2'
  const ids = { name: useId(), email: useId(), password: useId(), error: useId() }

  const onSuccess = (user: Me) => {
    queryClient.setQueryData(trpc.auth.me.queryKey(), user)
    onSignedIn(user)
  }
  const onError = (error: unknown) => setFormError(t(errorMessageKey(error, mode)))
  const signIn = useMutation(trpc.auth.signIn.mutationOptions({ onSuccess, onError }))
  const signUp = useMutation(trpc.auth.signUp.mutationOptions({ onSuccess, onError }))
  const pending = signIn.isPending || signUp.isPending
  const signUpMode = useQuery(trpc.auth.signUpMode.queryOptions(undefined, { staleTime: Infinity }))
  // Said before anyone fills the form in (on the sign-in form too, where a newcomer lands),
  // instead of a refusal after it.
  const inviteOnly = !invitationToken && signUpMode.data === 'invite-only'

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget)
    const name = String(data.get('name') ?? '').trim()
    const email = String(data.get('email') ?? '').trim()
    const password = String(data.get('password') ?? '')
    const errors: FieldErrors = {}
    if (mode === 'sign-up' && !name) errors.name = t('auth.errors.nameRequired')
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) errors.email = t('auth.errors.emailInvalid')
    if (mode === 'sign-up' && password.length < MIN_PASSWORD) {
      errors.password = t('auth.errors.passwordShort')
    }
    if (!password) errors.password = t('auth.errors.passwordShort')
    setFieldErrors(errors)
    setFormError(null)
    if (Object.keys(errors).length > 0) return
    if (mode === 'sign-up')
      signUp.mutate({
        name,
        email,
        password,
        ...(invitationToken ? { invitation: invitationToken } : {}),
      })
    else signIn.mutate({ email, password })
  }

  const toggle = () => {
    setMode(mode === 'sign-in' ? 'sign-up' : 'sign-in')
    setFieldErrors({})
    setFormError(null)
  }

  const field = (
    name: Field,
    label: string,
    input: React.InputHTMLAttributes<HTMLInputElement>,
  ) => (
    <div className="field">
      <label htmlFor={ids[name]}>{label}</label>
      <input
        id={ids[name]}
        name={name}
        aria-invalid={fieldErrors[name] ? true : undefined}
        aria-describedby={fieldErrors[name] ? `${ids[name]}-error` : undefined}
        {...input}
      />
      {fieldErrors[name] && (
        <p className="field-error" id={`${ids[name]}-error`}>
          {fieldErrors[name]}
        </p>
      )}
    </div>
  )

  return (
    <>
      <Heading id={titleId}>
        {t(mode === 'sign-in' ? 'auth.signInTitle' : 'auth.signUpTitle')}
      </Heading>
      <p className="muted">{t('auth.tagline')}</p>
      {inviteOnly && (
        <p className="notice info" data-testid="invite-only">
          {t('auth.inviteOnly')}
        </p>
      )}
      <form onSubmit={submit} noValidate aria-describedby={formError ? ids.error : undefined}>
        {mode === 'sign-up' &&
          field('name', t('auth.name'), { autoComplete: 'name', required: true, maxLength: 120 })}
        {field('email', t('auth.email'), {
          type: 'email',
          autoComplete: 'email',
          required: true,
          inputMode: 'email',
          defaultValue: email ?? undefined,
        })}
        {field('password', t('auth.password'), {
          type: 'password',
          autoComplete: mode === 'sign-in' ? 'current-password' : 'new-password',
          required: true,
          minLength: mode === 'sign-up' ? MIN_PASSWORD : undefined,
        })}
        {mode === 'sign-up' && <p className="hint">{t('auth.passwordHint')}</p>}
        {formError && (
          <p className="form-error" role="alert" id={ids.error}>
            {formError}
          </p>
        )}
        <button type="submit" className="button primary wide" disabled={pending}>
          {pending ? t('auth.working') : t(mode === 'sign-in' ? 'auth.signIn' : 'auth.signUp')}
        </button>
      </form>
      <button type="button" className="link-button" data-testid="toggle-auth-mode" onClick={toggle}>
        {t(mode === 'sign-in' ? 'auth.toSignUp' : 'auth.toSignIn')}
      </button>
    </>
  )
}

function errorMessageKey(error: unknown, mode: Mode): string {
  if (isNetworkError(error)) return 'auth.errors.network'
  switch (trpcErrorCode(error)) {
    case 'UNAUTHORIZED':
      return 'auth.errors.invalidCredentials'
    case 'TOO_MANY_REQUESTS':
      return mode === 'sign-up' ? 'auth.errors.tooManySignUps' : 'auth.errors.tooMany'
    case 'FORBIDDEN':
      return mode === 'sign-up' ? 'auth.errors.inviteOnly' : 'auth.errors.generic'
    case 'CONFLICT':
      return 'auth.errors.emailTaken'
    case 'BAD_REQUEST':
      return mode === 'sign-up' ? 'auth.errors.invalidInput' : 'auth.errors.invalidCredentials'
    default:
      return 'auth.errors.generic'
  }
}
