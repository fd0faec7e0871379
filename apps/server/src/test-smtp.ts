import type { AddressInfo } from 'node:net'
import PostalMime from 'postal-mime'
import { SMTPServer } from 'smtp-server'

/** One email as a test SMTP server received it. */
export interface ReceivedMail {
  /** The envelope: who the client said it was from, and whom it was for. */
  envelopeFrom: string
  envelopeTo: string[]
  /** The From header as written (`Pauta <pauta@localhost>`). */
  from: string
  subject: string
  text: string
  html: string | null
}

/** A real SMTP server on a free loopback port that keeps what it receives. */
export interface TestSmtp {
  /** `smtp://[user:pass@]127.0.0.1:<port>`, for SMTP_URL. */
  url: string
  port: number
  /** Every email accepted so far, in order. */
  received: ReceivedMail[]
  close(): Promise<void>
}

/**
 * For tests: an SMTP server (smtp-server) on 127.0.0.1 and a free port, plain text (no
 * STARTTLS), keeping each email it accepts, parsed. With `login` it requires that user and
 * password; `refuse` names recipients it answers 550 for, as a real server does an unknown
 * mailbox, and `defer` those it answers 451 for ("try again later").
 */
export async function startTestSmtp(
  opts: {
    login?: { user: string; pass: string }
    refuse?: (to: string) => boolean
    defer?: (to: string) => boolean
  } = {},
): Promise<TestSmtp> {
  const received: ReceivedMail[] = []
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    allowInsecureAuth: true,
    authOptional: !opts.login,
    logger: false,
    onAuth(auth, _session, callback) {
      const { login } = opts
      if (login && auth.username === login.user && auth.password === login.pass) {
        callback(null, { user: auth.username })
      } else {
        callback(Object.assign(new Error('invalid login'), { responseCode: 535 }))
      }
    },
    onRcptTo(address, _session, callback) {
      if (opts.refuse?.(address.address)) {
        callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }))
      } else if (opts.defer?.(address.address)) {
        callback(Object.assign(new Error('try again later'), { responseCode: 451 }))
      } else {
        callback()
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        PostalMime.parse(Buffer.concat(chunks)).then(
          (email) => {
            const mailFrom = session.envelope.mailFrom
            received.push({
              envelopeFrom: mailFrom ? mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: email.headers.find((h) => h.key === 'from')?.value ?? '',
              subject: email.subject ?? '',
              text: email.text ?? '',
              html: email.html ?? null,
            })
            callback()
          },
          (error: unknown) => callback(error as Error),
        )
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.server.address() as AddressInfo
  const auth = opts.login
    ? `${encodeURIComponent(opts.login.user)}:${encodeURIComponent(opts.login.pass)}@`
    : ''
  return {
    url: `smtp://${auth}127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
