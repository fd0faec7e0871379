import type { Role } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  acceptInvitation,
  addMember,
  createInvitation,
  type DB,
  findInvitationByToken,
  getMemberRoles,
  listInvitationsForEmail,
  listMembers,
  listPendingInvitations,
  revokeInvitation,
} from '../index.ts'
import { type Contract, seedUser } from './context.ts'

/** The contract of `invitations.ts`. */
export function invitationsSuite(contract: Contract): void {
  describe('invitations', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    const t0 = new Date('2025-03-01T09:00:00.000Z')
    const at = (hours: number) => new Date(t0.getTime() + hours * 3_600_000)
    const DAY = 86_400_000

    it('[INV1] [INV2] creates an inv_ token, stores only its sha256 and a lower-cased email, and finds it by token', async () => {
      const { alice, wsA } = await twoWorkspaces()
      const created = await createInvitation(db, {
        workspaceId: wsA.id,
        roles: ['cm', 'strategist', 'cm'],
        email: '  Carol@Example.COM ',
        createdBy: alice,
        now: t0,
      })
      expect(created.token).toMatch(/^inv_[A-Za-z0-9_-]{32}$/)
      expect(created.expiresAt).toBe(new Date(t0.getTime() + 14 * DAY).toISOString())

      const stored = await db
        .selectFrom('invitation')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow()
      expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/)
      expect(stored.email).toBe('carol@example.com')
      expect(JSON.parse(stored.roles)).toEqual(['strategist', 'cm'])
      expect(JSON.stringify(stored)).not.toContain(created.token.slice(4))

      expect(await findInvitationByToken(db, created.token, t0)).toEqual({
        id: created.id,
        workspaceId: wsA.id,
        workspaceName: 'Agency A',
        email: 'carol@example.com',
        roles: ['strategist', 'cm'],
        createdByName: 'Alice',
        expiresAt: created.expiresAt,
        status: 'pending',
      })
      expect(await findInvitationByToken(db, `${created.token}x`)).toBeNull()
      expect(await findInvitationByToken(db, created.token.slice(0, -1))).toBeNull()
      expect(await findInvitationByToken(db, created.token.slice(4))).toBeNull()
      expect(await findInvitationByToken(db, 'inv_nope')).toBeNull()
      expect(await findInvitationByToken(db, '')).toBeNull()

      const link = await createInvitation(db, {
        workspaceId: wsA.id,
        roles: ['client'],
        email: null,
        createdBy: alice,
        ttlMs: 60_000,
        now: t0,
      })
      expect(link.expiresAt).toBe('2025-03-01T09:01:00.000Z')
      expect(await findInvitationByToken(db, link.token, t0)).toMatchObject({
        id: link.id,
        email: null,
        roles: ['client'],
        status: 'pending',
      })
    })

    it('[INV2] refuses an empty or unknown role list, an empty email and a bad ttl', async () => {
      const { alice, wsA } = await twoWorkspaces()
      const base = { workspaceId: wsA.id, email: null, createdBy: alice }
      await expect(createInvitation(db, { ...base, roles: [] })).rejects.toThrow()
      await expect(createInvitation(db, { ...base, roles: ['owner' as Role] })).rejects.toThrow()
      await expect(createInvitation(db, { ...base, roles: ['cm'], email: '   ' })).rejects.toThrow()
      await expect(createInvitation(db, { ...base, roles: ['cm'], ttlMs: 0 })).rejects.toThrow()
      await expect(
        createInvitation(db, { ...base, workspaceId: 'missing', roles: ['cm'] }),
      ).rejects.toThrow()
      expect(await listPendingInvitations(db, wsA.id)).toEqual([])
    })

    it('[INV1] the token of one invitation never finds another', async () => {
      const { alice, bob, wsA, wsB } = await twoWorkspaces()
      const invitations = []
      for (let i = 0; i < 5; i++) {
        invitations.push(
          await createInvitation(db, {
            workspaceId: i % 2 === 0 ? wsA.id : wsB.id,
            roles: ['cm'],
            email: i === 0 ? null : `p${i}@example.com`,
            createdBy: i % 2 === 0 ? alice : bob,
          }),
        )
      }
      expect(new Set(invitations.map((inv) => inv.token)).size).toBe(5)
      for (const invitation of invitations) {
        expect((await findInvitationByToken(db, invitation.token))?.id).toBe(invitation.id)
      }
    })

    it('[INV3] [SCHEMA2] lists a workspace’s pending invitations newest first, without tokens or hashes', async () => {
      const { alice, bob, wsA, wsB } = await twoWorkspaces()
      const make = (hours: number, email: string | null, roles: Role[], ttlMs?: number) =>
        createInvitation(db, {
          workspaceId: wsA.id,
          roles,
          email,
          createdBy: alice,
          now: at(hours),
          ...(ttlMs === undefined ? {} : { ttlMs }),
        })
      const first = await make(0, 'dan@example.com', ['cm'])
      const second = await make(1, null, ['client', 'manager'])
      const revoked = await make(2, 'eve@example.com', ['cm'])
      const shortLived = await make(3, 'fay@example.com', ['cm'], 3_600_000)
      await createInvitation(db, {
        workspaceId: wsB.id,
        roles: ['cm'],
        email: 'dan@example.com',
        createdBy: bob,
        now: at(5),
      })
      expect(await revokeInvitation(db, wsA.id, revoked.id)).toBe(true)

      const listed = await listPendingInvitations(db, wsA.id, at(3.5))
      expect(listed).toEqual([
        {
          id: shortLived.id,
          email: 'fay@example.com',
          roles: ['cm'],
          createdAt: at(3).toISOString(),
          expiresAt: shortLived.expiresAt,
          createdByName: 'Alice',
        },
        {
          id: second.id,
          email: null,
          roles: ['manager', 'client'],
          createdAt: at(1).toISOString(),
          expiresAt: second.expiresAt,
          createdByName: 'Alice',
        },
        {
          id: first.id,
          email: 'dan@example.com',
          roles: ['cm'],
          createdAt: at(0).toISOString(),
          expiresAt: first.expiresAt,
          createdByName: 'Alice',
        },
      ])
      // An hour later the short-lived one has expired.
      expect((await listPendingInvitations(db, wsA.id, at(4.5))).map((i) => i.id)).toEqual([
        second.id,
        first.id,
      ])
      expect(await listPendingInvitations(db, 'missing')).toEqual([])

      // The inviter's account going away leaves the invitation, without a name.
      await db.deleteFrom('user').where('id', '=', alice).execute()
      expect((await listPendingInvitations(db, wsA.id, at(4.5)))[0]?.createdByName).toBeNull()
      expect((await findInvitationByToken(db, first.token, at(4.5)))?.createdByName).toBeNull()
    })

    it('[INV3] listInvitationsForEmail finds pending invitations addressed to that email, any case', async () => {
      const { alice, bob, wsA, wsB } = await twoWorkspaces()
      const toA = await createInvitation(db, {
        workspaceId: wsA.id,
        roles: ['cm', 'manager'],
        email: 'Carol@Example.com',
        createdBy: alice,
        now: at(0),
      })
      const toB = await createInvitation(db, {
        workspaceId: wsB.id,
        roles: ['client'],
        email: 'carol@example.com',
        createdBy: bob,
        now: at(1),
      })
      const revoked = await createInvitation(db, {
        workspaceId: wsB.id,
        roles: ['cm'],
        email: 'CAROL@example.com',
        createdBy: bob,
        now: at(2),
      })
      await revokeInvitation(db, wsB.id, revoked.id)
      await createInvitation(db, {
        workspaceId: wsA.id,
        roles: ['cm'],
        email: null,
        createdBy: alice,
        now: at(3),
      })
      await createInvitation(db, {
        workspaceId: wsA.id,
        roles: ['cm'],
        email: 'dave@example.com',
        createdBy: alice,
        now: at(3),
      })
      await createInvitation(db, {
        workspaceId: wsA.id,
        roles: ['cm'],
        email: 'carol@example.com',
        createdBy: alice,
        ttlMs: 60_000,
        now: at(3),
      })

      const expected = [
        {
          id: toB.id,
          workspaceId: wsB.id,
          workspaceName: 'Agency B',
          roles: ['client'],
          expiresAt: toB.expiresAt,
        },
        {
          id: toA.id,
          workspaceId: wsA.id,
          workspaceName: 'Agency A',
          roles: ['manager', 'cm'],
          expiresAt: toA.expiresAt,
        },
      ]
      expect(await listInvitationsForEmail(db, '  CAROL@EXAMPLE.COM', at(4))).toEqual(expected)
      expect(await listInvitationsForEmail(db, 'carol@example.com', at(4))).toEqual(expected)
      expect(await listInvitationsForEmail(db, 'nobody@example.com', at(4))).toEqual([])
      const carol = await seedUser(db, { email: 'carol@example.com' })
      await acceptInvitation(db, toA.id, carol, at(4))
      expect(
        (await listInvitationsForEmail(db, 'carol@example.com', at(4))).map((i) => i.id),
      ).toEqual([toB.id])
    })

    it('[INV4] accepting grants the union of the roles held and invited; a second accept gets null', async () => {
      const { alice, bob, wsA } = await twoWorkspaces()
      await addMember(db, wsA.id, bob, ['cm', 'client'])
      const invitation = await createInvitation(db, {
        workspaceId: wsA.id,
        roles: ['manager', 'cm'],
        email: 'bob@example.com',
        createdBy: alice,
        now: t0,
      })
      expect(await acceptInvitation(db, invitation.id, bob, at(1))).toEqual({
        workspaceId: wsA.id,
        roles: ['manager', 'cm', 'client'],
      })
      expect(await getMemberRoles(db, wsA.id, bob)).toEqual(['manager', 'cm', 'client'])
      expect(await acceptInvitation(db, invitation.id, bob, at(2))).toBeNull()
      const carol = await seedUser(db, { email: 'carol@example.com' })
      expect(await acceptInvitation(db, invitation.id, carol, at(2))).toBeNull()
      expect(await getMemberRoles(db, wsA.id, carol)).toEqual([])

      const stored = await db
        .selectFrom('invitation')
        .select(['acceptedAt', 'acceptedBy'])
        .where('id', '=', invitation.id)
        .executeTakeFirstOrThrow()
      expect(stored).toEqual({ acceptedAt: at(1).toISOString(), acceptedBy: bob })
      expect((await findInvitationByToken(db, invitation.token, at(2)))?.status).toBe('accepted')
      expect(await listPendingInvitations(db, wsA.id, at(2))).toEqual([])
      expect(await revokeInvitation(db, wsA.id, invitation.id)).toBe(false)

      // Someone new gets exactly the invited roles.
      const link = await createInvitation(db, {
        workspaceId: wsA.id,
        roles: ['client'],
        email: null,
        createdBy: alice,
      })
      expect(await acceptInvitation(db, link.id, carol)).toEqual({
        workspaceId: wsA.id,
        roles: ['client'],
      })
      expect((await listMembers(db, wsA.id)).map((m) => [m.name, m.roles])).toEqual([
        ['Alice', ['strategist']],
        ['Bob', ['manager', 'cm', 'client']],
        ['carol', ['client']],
      ])
      expect(await acceptInvitation(db, 'missing', carol)).toBeNull()
    })

    it('[INV4] of two concurrent accepts of one invitation exactly one wins', async () => {
      const { alice, wsA } = await twoWorkspaces()
      const carol = await seedUser(db, { email: 'carol@example.com' })
      const dave = await seedUser(db, { email: 'dave@example.com' })
      for (let round = 0; round < 5; round++) {
        const { id } = await createInvitation(db, {
          workspaceId: wsA.id,
          roles: round % 2 === 0 ? ['cm'] : ['client'],
          email: null,
          createdBy: alice,
        })
        const results = await Promise.all([
          acceptInvitation(db, id, carol),
          acceptInvitation(db, id, dave),
        ])
        expect(results.filter((result) => result !== null)).toHaveLength(1)
        const acceptedBy = await db
          .selectFrom('invitation')
          .select('acceptedBy')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
        expect(acceptedBy.acceptedBy).toBe(results[0] === null ? dave : carol)
      }
      const held = [
        ...(await getMemberRoles(db, wsA.id, carol)),
        ...(await getMemberRoles(db, wsA.id, dave)),
      ]
      expect(held.length).toBeGreaterThan(0)
    })

    it('[INV5] an expired invitation reads as expired and cannot be accepted', async () => {
      const { alice, wsA } = await twoWorkspaces()
      const carol = await seedUser(db, { email: 'carol@example.com' })
      const invitation = await createInvitation(db, {
        workspaceId: wsA.id,
        roles: ['cm'],
        email: 'carol@example.com',
        createdBy: alice,
        ttlMs: 3_600_000,
        now: t0,
      })
      expect((await findInvitationByToken(db, invitation.token, at(0.5)))?.status).toBe('pending')
      expect((await findInvitationByToken(db, invitation.token, at(1)))?.status).toBe('expired')
      expect((await findInvitationByToken(db, invitation.token, at(2)))?.status).toBe('expired')
      expect(await listPendingInvitations(db, wsA.id, at(2))).toEqual([])
      expect(await listInvitationsForEmail(db, 'carol@example.com', at(2))).toEqual([])
      expect(await acceptInvitation(db, invitation.id, carol, at(2))).toBeNull()
      expect(await getMemberRoles(db, wsA.id, carol)).toEqual([])
      // Without a clock of its own the expiry is checked against now (2025 is long past).
      expect(await acceptInvitation(db, invitation.id, carol)).toBeNull()
    })

    it('[INV5] [INV6] a revoked invitation is not listed and cannot be accepted; revoking is scoped to the workspace', async () => {
      const { alice, bob, wsA, wsB } = await twoWorkspaces()
      const invitation = await createInvitation(db, {
        workspaceId: wsA.id,
        roles: ['cm'],
        email: null,
        createdBy: alice,
      })
      expect(await revokeInvitation(db, wsB.id, invitation.id)).toBe(false)
      expect(await revokeInvitation(db, wsA.id, 'missing')).toBe(false)
      expect((await findInvitationByToken(db, invitation.token))?.status).toBe('pending')

      expect(await revokeInvitation(db, wsA.id, invitation.id)).toBe(true)
      expect(await revokeInvitation(db, wsA.id, invitation.id)).toBe(false)
      expect((await findInvitationByToken(db, invitation.token))?.status).toBe('revoked')
      expect(await listPendingInvitations(db, wsA.id)).toEqual([])
      expect(await acceptInvitation(db, invitation.id, bob)).toBeNull()
      expect(await getMemberRoles(db, wsA.id, bob)).toEqual([])
    })
  })
}
