import { parseArgs } from 'node:util'
import { emailSchema, passwordSchema } from '@pauta/api'
import {
  addMember,
  countMembersWithRole,
  createApiToken,
  createWorkspace,
  DocumentChangedError,
  findUserByEmail,
  findWorkspace,
  getMemberRoles,
  getOrCreateUserFeed,
  listAllBoards,
  recordAccessChange,
  removeMember,
} from '@pauta/db'
import { isStrategist, rolesSchema } from '@pauta/domain'
import { z } from 'zod'
import { authSecret, createBetterAuth } from './auth.ts'
import {
  checkBoard,
  formatCheck,
  formatRepair,
  repairBoard,
  UnknownBoardError,
} from './board-repair.ts'
import { loadEnv } from './env.ts'
import { createFeedSigner } from './feeds.ts'
import { openStorage } from './storage.ts'

const HELP = `pauta — administer a Pauta installation (same DATA_DIR / DATABASE_URL as the server)

Usage: pnpm pauta <command> [options]

Commands:
  user add <email> --password <pw> [--name <name>]
      Create an account.
  member add <workspace> <email> --role <role> [--role <role> …]
      Give an account these roles in a workspace (id or name; created if no such name).
      Roles: strategist, manager, cm, client. Their open boards reconnect with the new
      roles within about a second.
  member remove <workspace> <email>
      Take an account out of a workspace (id or name); a workspace keeps at least one
      strategist. Their open boards of that workspace are closed within about a second.
  token create <email> [--name <name>]
      Print a new API token for the account (shown once).
  board list [--json]
      List every board with its id and workspace.
  board check <boardId> [--json]
      Read the board's stored snapshot and log one update at a time and report what fails
      to decode or apply, values nested too deep, what is left pending and card entries
      that do not read as cards. Exit code 0 when healthy, 1 when damaged.
  board repair <boardId> [--dry-run]
      Rebuild the board from every stored update that applies (dropping the others, and
      reporting what is lost with them) and store it as the board's new snapshot. Run it
      with the board closed (or the server stopped).
  feed url <email>
      Print the account's calendar feed URL (its assigned posts, for Google Calendar,
      Outlook or Apple Calendar), creating the feed if it has none. Uses PUBLIC_URL.
  help
      This text.
`

class UsageError extends Error {}

/** Errors the admin can act on (unknown board, board changed meanwhile) print as a message. */
async function asUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof UnknownBoardError || error instanceof DocumentChangedError)
      throw new UsageError(error.message)
    throw error
  }
}

/** The command line read, or a UsageError that says how to pass an id that starts with `-`. */
function readArgs(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        password: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    })
  } catch (error) {
    if ((error as { code?: string }).code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw error
    const option = argv.find((arg) => arg.startsWith('-') && !KNOWN_OPTIONS.has(arg.split('=')[0]!))
    throw new UsageError(
      `unknown option ${option ?? ''}; an id that starts with "-" goes after "--", as in: pnpm pauta board repair -- ${option ?? '-id'}`,
    )
  }
}

const KNOWN_OPTIONS = new Set([
  '--password',
  '--name',
  '--role',
  '--json',
  '--dry-run',
  '--help',
  '-h',
  '--',
])

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = readArgs(argv)
  const [noun, verb, ...rest] = positionals
  if (values.help || !noun || noun === 'help') {
    process.stdout.write(HELP)
    return
  }
  const env = loadEnv()
  const database = await openStorage(env)
  try {
    const command = `${noun} ${verb ?? ''}`.trim()
    switch (command) {
      case 'user add': {
        const email = emailSchema.parse(rest[0])
        const password = passwordSchema.parse(values.password)
        if (await findUserByEmail(database.db, email))
          throw new UsageError(`${email} already has an account`)
        const auth = createBetterAuth(env, database)
        const { user } = await auth.api.signUpEmail({
          body: { email, password, name: values.name ?? email.split('@')[0]! },
        })
        console.log(`created user ${user.email} (${user.id})`)
        break
      }
      case 'member add': {
        const [workspaceRef, emailArg] = rest
        if (!workspaceRef || !emailArg)
          throw new UsageError('member add <workspace> <email> --role <role>')
        const roles = rolesSchema.parse(values.role ?? [])
        const user = await findUserByEmail(database.db, emailSchema.parse(emailArg))
        if (!user)
          throw new UsageError(`no account for ${emailArg}; create it with: pauta user add`)
        const workspace =
          (await findWorkspace(database.db, workspaceRef)) ??
          (await createWorkspace(database.db, { name: workspaceRef }))
        await addMember(database.db, workspace.id, user.id, roles)
        // Every server instance reads this log and reconnects the person's open boards.
        await recordAccessChange(database.db, user.id)
        console.log(`${user.email} is ${roles.join(', ')} in ${workspace.name} (${workspace.id})`)
        break
      }
      case 'member remove': {
        const [workspaceRef, emailArg] = rest
        if (!workspaceRef || !emailArg) throw new UsageError('member remove <workspace> <email>')
        const workspace = await findWorkspace(database.db, workspaceRef)
        if (!workspace) throw new UsageError(`no workspace ${workspaceRef}`)
        const user = await findUserByEmail(database.db, emailSchema.parse(emailArg))
        if (!user) throw new UsageError(`no account for ${emailArg}`)
        const roles = await getMemberRoles(database.db, workspace.id, user.id)
        if (roles.length === 0)
          throw new UsageError(`${user.email} is not a member of ${workspace.name}`)
        // [TEAM2] The same rule as the API: someone must still be able to run the workspace.
        if (
          isStrategist(roles) &&
          (await countMembersWithRole(database.db, workspace.id, 'strategist')) <= 1
        ) {
          throw new UsageError(
            `${user.email} is the last strategist of ${workspace.name}: a workspace keeps at least one strategist`,
          )
        }
        await removeMember(database.db, workspace.id, user.id)
        await recordAccessChange(database.db, user.id)
        console.log(`${user.email} is no longer a member of ${workspace.name} (${workspace.id})`)
        break
      }
      case 'token create': {
        const user = await findUserByEmail(database.db, emailSchema.parse(rest[0]))
        if (!user) throw new UsageError(`no account for ${rest[0]}`)
        const { token } = await createApiToken(database.db, user.id, values.name ?? 'cli')
        console.log(token)
        break
      }
      case 'board list': {
        const boards = await listAllBoards(database.db)
        if (values.json) console.log(JSON.stringify(boards, null, 2))
        else for (const b of boards) console.log(`${b.id}\t${b.name}\t${b.workspaceName}`)
        break
      }
      case 'board check': {
        if (!rest[0]) throw new UsageError('board check <boardId> [--json]')
        const check = await asUsage(() => checkBoard(database.db, rest[0]!))
        console.log(values.json ? JSON.stringify(check, null, 2) : formatCheck(check))
        if (!check.healthy) process.exitCode = 1
        break
      }
      case 'board repair': {
        if (!rest[0]) throw new UsageError('board repair <boardId> [--dry-run]')
        const repair = await asUsage(() =>
          repairBoard(database.db, rest[0]!, { dryRun: values['dry-run'] === true }),
        )
        console.log(formatRepair(repair))
        break
      }
      case 'feed url': {
        if (!rest[0]) throw new UsageError('feed url <email>')
        const user = await findUserByEmail(database.db, emailSchema.parse(rest[0]))
        if (!user) throw new UsageError(`no account for ${rest[0]}`)
        const feed = await getOrCreateUserFeed(database.db, user.id)
        console.log(createFeedSigner(authSecret(env), env.publicUrl).url(feed.id))
        break
      }
      default:
        throw new UsageError(`unknown command: ${command}\n\n${HELP}`)
    }
  } finally {
    await database.close()
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) console.error(error.message)
  // zod's errors and the domain's (zod/mini throws zod's core error)
  else if (error instanceof z.core.$ZodError) {
    console.error(`invalid input: ${error.issues.map((i) => i.message).join('; ')}`)
  } else console.error(error)
  process.exitCode = 1
})
