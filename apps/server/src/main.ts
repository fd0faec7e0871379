import { sql } from 'kysely'
import { createServer } from './app.ts'
import { createBetterAuth } from './auth.ts'
import { DEMO_EMAIL, DEMO_PASSWORD, seedDemo } from './demo.ts'
import { loadEnv } from './env.ts'
import { openStorage } from './storage.ts'

const env = loadEnv()
const database = await openStorage(env)
const server = await createServer(env, database)

const users = await sql<{ n: number }>`select count(*) as n from "user"`.execute(database.db)
const empty = Number(users.rows[0]?.n ?? 0) === 0
if (empty && env.demo) {
  await seedDemo(database, createBetterAuth(env, database), new Date(), server.media.blobs)
}

const url = await server.listen()
const demoUser = await sql<{
  n: number
}>`select count(*) as n from "user" where email = ${DEMO_EMAIL}`.execute(database.db)
const lines = [`Pauta is running at ${env.publicUrl} (listening on ${url})`]
if (env.redisUrl) {
  lines.push(
    `Serving together with other instances through Redis (this one is ${server.sync.instanceId}); every instance needs the same AUTH_SECRET and DATABASE_URL.`,
  )
}
if (Number(demoUser.rows[0]?.n ?? 0) > 0) {
  lines.push(
    `Demo sign-in: ${DEMO_EMAIL} / ${DEMO_PASSWORD}  (also estela@, marco@, carla@, diego@, lucia@pauta.app with the same password)`,
    'Start with PAUTA_DEMO=off on an empty DATA_DIR to begin without the demo workspace.',
  )
}
console.log(lines.join('\n'))

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    server
      .close()
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error)
        process.exit(1)
      })
  })
}
