import type { Role } from '@pauta/domain'
import type { Kysely } from 'kysely'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  addMember,
  countMembersWithRole,
  createWorkspace,
  createWorkspaceWithBoard,
  type DB,
  findWorkspace,
  getBoardForUser,
  getMemberRoles,
  listMembers,
  listWorkspacesForUser,
  removeMember,
  setWorkspaceTimeZone,
} from '../index.ts'
import { type Contract, seedUser } from './context.ts'

/** The contract of `workspaces.ts`: workspaces, members and their roles. */
export function workspacesSuite(contract: Contract): void {
  describe('workspaces and members', () => {
    let db: Kysely<DB>
    beforeEach(() => {
      db = contract.db
    })
    const { twoWorkspaces } = contract

    it('[WS1] [MEMBER1] addMember sets exactly the given roles, in the domain order, and again replaces them', async () => {
      const alice = await seedUser(db, { email: 'alice@example.com' })
      const ws = await createWorkspace(db, { name: '  Agency  ' })
      expect(ws.name).toBe('Agency')

      await addMember(db, ws.id, alice, ['cm', 'strategist', 'cm'])
      expect(await getMemberRoles(db, ws.id, alice)).toEqual(['strategist', 'cm'])

      await addMember(db, ws.id, alice, ['client'])
      expect(await getMemberRoles(db, ws.id, alice)).toEqual(['client'])

      const all: Role[] = ['client', 'cm', 'manager', 'strategist']
      await addMember(db, ws.id, alice, all)
      expect(await getMemberRoles(db, ws.id, alice)).toEqual([
        'strategist',
        'manager',
        'cm',
        'client',
      ])
    })

    it('[MEMBER2] refuses an empty or unknown role list and leaves the member as it was', async () => {
      const alice = await seedUser(db, { email: 'alice@example.com' })
      const ws = await createWorkspace(db, { name: 'Agency' })
      await addMember(db, ws.id, alice, ['manager'])
      await expect(addMember(db, ws.id, alice, [])).rejects.toThrow()
      await expect(addMember(db, ws.id, alice, ['owner' as Role])).rejects.toThrow()
      expect(await getMemberRoles(db, ws.id, alice)).toEqual(['manager'])
    })

    it('[MEMBER3] getMemberRoles is [] for someone who is not a member', async () => {
      const { bob, wsA } = await twoWorkspaces()
      expect(await getMemberRoles(db, wsA.id, bob)).toEqual([])
      expect(await getMemberRoles(db, 'missing', bob)).toEqual([])
    })

    it('[WS1] [MEMBER4] lists a user’s workspaces with roles, and a workspace’s members', async () => {
      const { alice, bob, wsA, wsB } = await twoWorkspaces()
      await addMember(db, wsB.id, alice, ['manager', 'client'])

      expect(await listWorkspacesForUser(db, alice)).toEqual([
        { id: wsA.id, name: 'Agency A', timeZone: 'UTC', roles: ['strategist'] },
        { id: wsB.id, name: 'Agency B', timeZone: 'Europe/Madrid', roles: ['manager', 'client'] },
      ])
      expect(await listWorkspacesForUser(db, bob)).toEqual([
        { id: wsB.id, name: 'Agency B', timeZone: 'Europe/Madrid', roles: ['cm'] },
      ])
      expect(await setWorkspaceTimeZone(db, wsA.id, 'America/Mexico_City')).toBe(true)
      expect(await setWorkspaceTimeZone(db, 'nope', 'America/Mexico_City')).toBe(false)
      await expect(setWorkspaceTimeZone(db, wsA.id, 'Mars/Base')).rejects.toThrow()
      expect((await listWorkspacesForUser(db, alice))[0]?.timeZone).toBe('America/Mexico_City')
      expect(await listMembers(db, wsB.id)).toEqual([
        {
          userId: alice,
          name: 'Alice',
          email: 'alice@example.com',
          roles: ['manager', 'client'],
        },
        { userId: bob, name: 'Bob', email: 'bob@example.com', roles: ['cm'] },
      ])
    })

    it('[MEMBER3] [ACCESS1] removeMember ends the membership and its roles', async () => {
      const { alice, wsA, boardA } = await twoWorkspaces()
      expect(await removeMember(db, wsA.id, alice)).toBe(true)
      expect(await removeMember(db, wsA.id, alice)).toBe(false)
      expect(await getMemberRoles(db, wsA.id, alice)).toEqual([])
      expect(await getBoardForUser(db, alice, boardA.id)).toBeNull()
    })

    it('[MEMBER5] [MEMBER2] countMembersWithRole counts the members of one workspace holding a role', async () => {
      const { alice, bob, wsA, wsB } = await twoWorkspaces()
      const carol = await seedUser(db, { email: 'carol@example.com' })
      await addMember(db, wsA.id, bob, ['manager', 'strategist'])
      await addMember(db, wsA.id, carol, ['client'])
      expect(await countMembersWithRole(db, wsA.id, 'strategist')).toBe(2)
      expect(await countMembersWithRole(db, wsA.id, 'manager')).toBe(1)
      expect(await countMembersWithRole(db, wsA.id, 'cm')).toBe(0)
      expect(await countMembersWithRole(db, wsB.id, 'cm')).toBe(1)
      expect(await countMembersWithRole(db, 'missing', 'cm')).toBe(0)

      await addMember(db, wsA.id, alice, ['manager'])
      expect(await countMembersWithRole(db, wsA.id, 'strategist')).toBe(1)
      expect(await countMembersWithRole(db, wsA.id, 'manager')).toBe(2)
      expect(await removeMember(db, wsA.id, bob)).toBe(true)
      expect(await countMembersWithRole(db, wsA.id, 'strategist')).toBe(0)
      expect(await countMembersWithRole(db, wsA.id, 'manager')).toBe(1)
      await expect(countMembersWithRole(db, wsA.id, 'owner' as Role)).rejects.toThrow()
    })

    it('[WS3] createWorkspaceWithBoard stores the workspace, its founder and its board, or nothing', async () => {
      const alice = await seedUser(db, { email: 'alice@example.com' })
      const made = await createWorkspaceWithBoard(db, {
        name: ' Studio ',
        timeZone: 'America/Lima',
        boardName: 'Launch',
        founderId: alice,
        roles: ['strategist', 'manager', 'cm'],
      })
      expect(made.workspace).toMatchObject({ name: 'Studio', timeZone: 'America/Lima' })
      expect(made.board).toMatchObject({ name: 'Launch', workspaceId: made.workspace.id })
      expect(await getMemberRoles(db, made.workspace.id, alice)).toEqual([
        'strategist',
        'manager',
        'cm',
      ])
      expect(await getBoardForUser(db, alice, made.board.id)).not.toBeNull()

      const before = await listWorkspacesForUser(db, alice)
      await expect(
        createWorkspaceWithBoard(db, {
          name: 'Half',
          boardName: '   ',
          founderId: alice,
          roles: ['strategist'],
        }),
      ).rejects.toThrow()
      expect(await listWorkspacesForUser(db, alice)).toEqual(before)
      expect(await findWorkspace(db, 'Half')).toBeNull()
    })

    it('[WS2] findWorkspace finds by id or exact name, and refuses an ambiguous name', async () => {
      const { wsA } = await twoWorkspaces()
      expect(await findWorkspace(db, wsA.id)).toEqual(wsA)
      expect(await findWorkspace(db, 'Agency A')).toEqual(wsA)
      expect(await findWorkspace(db, 'Agency C')).toBeNull()
      await createWorkspace(db, { name: 'Agency A' })
      await expect(findWorkspace(db, 'Agency A')).rejects.toThrow(/several/)
      expect(await findWorkspace(db, wsA.id)).toEqual(wsA)
    })
  })
}
