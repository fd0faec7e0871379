import { describe, expect, it } from 'vitest'
import { linkForm, linkStatus, NEW_LINK } from './review-links.ts'

describe('a new review link', () => {
  it('needs whom it is for; the email and the PIN are optional; two weeks unless told', () => {
    expect(linkForm(NEW_LINK)).toEqual({ ok: false, problem: 'label' })
    expect(linkForm({ ...NEW_LINK, label: '  Ana (client) ' })).toEqual({
      ok: true,
      link: { label: 'Ana (client)', email: null, pin: null, days: 14 },
    })
    expect(linkForm({ label: 'Ana', email: ' ana@example.com ', pin: '0042', days: '30' })).toEqual(
      { ok: true, link: { label: 'Ana', email: 'ana@example.com', pin: '0042', days: 30 } },
    )
  })

  it('points at the first field at fault', () => {
    const ok = { ...NEW_LINK, label: 'Ana' }
    expect(linkForm({ ...ok, email: 'ana' })).toEqual({ ok: false, problem: 'email' })
    expect(linkForm({ ...ok, pin: '123' })).toEqual({ ok: false, problem: 'pin' })
    expect(linkForm({ ...ok, pin: '1234567890123' })).toEqual({ ok: false, problem: 'pin' })
    expect(linkForm({ ...ok, days: '0' })).toEqual({ ok: false, problem: 'days' })
    expect(linkForm({ ...ok, days: '61' })).toEqual({ ok: false, problem: 'days' })
    expect(linkForm({ ...ok, days: '1.5' })).toEqual({ ok: false, problem: 'days' })
    expect(linkForm({ ...ok, label: 'x'.repeat(81) })).toEqual({ ok: false, problem: 'label' })
  })

  it('is revoked, expired, locked by wrong PINs or active', () => {
    const now = Date.parse('2025-12-10T12:00:00Z')
    const link = { revokedAt: null, expiresAt: '2025-12-24T12:00:00Z', lockedUntil: null }
    expect(linkStatus(link, now)).toBe('active')
    expect(linkStatus({ ...link, expiresAt: '2025-12-10T12:00:00Z' }, now)).toBe('expired')
    expect(linkStatus({ ...link, revokedAt: '2025-12-09T12:00:00Z' }, now)).toBe('revoked')
    expect(linkStatus({ ...link, lockedUntil: '2025-12-10T12:10:00Z' }, now)).toBe('locked')
    // a lock that has passed leaves it working
    expect(linkStatus({ ...link, lockedUntil: '2025-12-10T11:50:00Z' }, now)).toBe('active')
  })
})
