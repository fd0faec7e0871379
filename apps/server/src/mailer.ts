import type { MailSender, OutgoingMail } from '@pauta/api'
import nodemailer from 'nodemailer'
import type { Env } from './env.ts'

/**
 * What became of one email: `sent` (the SMTP server accepted it), `off` (no SMTP_URL),
 * `failed` (it may work later: the server was unreachable or slow, refused the login, or
 * answered "try again later") or `refused` (the SMTP server refused this message for good,
 * e.g. an unknown mailbox: sending it again would not help).
 */
export type MailOutcome = 'sent' | 'off' | 'failed' | 'refused'

/** The server's email: what the API and the notification emails send through. */
export interface Mailer extends MailSender {
  /** Sends like `send`, saying what became of the email (the dispatcher retries `failed`). */
  deliver(mail: OutgoingMail): Promise<MailOutcome>
  /** Waits for the emails under way (each bounded by the timeout), then closes the transport. */
  close(): Promise<void>
}

export interface MailerOptions {
  /** Told why an email could not be sent; the caller only gets false. */
  onError(error: unknown): void
  /**
   * How long one email may take, connecting and DNS included (10 s): a dead or blackholed
   * SMTP server costs a request that much at most.
   */
  timeoutMs?: number
}

const DEFAULT_TIMEOUT_MS = 10_000

/** A mailer that sends nothing: email is off. */
const OFF: Mailer = {
  enabled: false,
  send: async () => false,
  deliver: async () => 'off',
  close: async () => {},
}

/** SMTP's permanent refusals are 5xx; a refused login (also 5xx) is the server's setup, not the message's. */
function outcomeOf(error: unknown): MailOutcome {
  const { code, responseCode } = (error ?? {}) as { code?: unknown; responseCode?: unknown }
  if (code === 'EAUTH') return 'failed'
  if (typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600) {
    return 'refused'
  }
  // No recipient, or one that is not an address: checked before connecting, and never better.
  if (code === 'EENVELOPE' && responseCode === undefined) return 'refused'
  return 'failed'
}

/**
 * Email through `env.smtpUrl` (SMTP_URL), from `env.mailFrom`; without SMTP_URL a
 * mailer that is not `enabled` and sends nothing. Sending never throws: a failure is reported
 * to `onError` (the report never carries the SMTP password) and answered
 * false. Each email opens its own connection, so there is nothing to keep alive between the
 * few emails Pauta sends; the URL's query may set any nodemailer SMTP option
 * (`?tls.rejectUnauthorized=false` for a self-signed certificate), and wins over ours.
 */
export function createMailer(
  env: Pick<Env, 'smtpUrl' | 'mailFrom'>,
  options: MailerOptions,
): Mailer {
  if (!env.smtpUrl) return OFF
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const transport = nodemailer.createTransport(
    {
      url: env.smtpUrl,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
    },
    { from: env.mailFrom },
  )
  const underWay = new Set<Promise<MailOutcome>>()

  async function attempt(mail: OutgoingMail): Promise<MailOutcome> {
    try {
      await transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html !== undefined ? { html: mail.html } : {}),
        // The whole email, however far it got, within the timeout.
        signal: AbortSignal.timeout(timeoutMs),
      })
      return 'sent'
    } catch (error) {
      const outcome = outcomeOf(error)
      const why = error instanceof Error ? error.message : String(error)
      options.onError(new Error(`email not sent (${outcome}): ${why}`, { cause: error }))
      return outcome
    }
  }

  function deliver(mail: OutgoingMail): Promise<MailOutcome> {
    const sending = attempt(mail)
    underWay.add(sending)
    void sending.finally(() => underWay.delete(sending))
    return sending
  }

  return {
    enabled: true,
    deliver,
    send: async (mail) => (await deliver(mail)) === 'sent',
    async close() {
      await Promise.allSettled([...underWay])
      transport.close()
    },
  }
}
