import { describe, expect, it } from 'vitest'
import { loadEnv } from './env.ts'

describe('configuration', () => {
  it('PAUTA_SIGNUP: open by default, or invite-only; anything else is refused at start', () => {
    expect(loadEnv({}).signUpMode).toBe('open')
    expect(loadEnv({ PAUTA_SIGNUP: 'open' }).signUpMode).toBe('open')
    expect(loadEnv({ PAUTA_SIGNUP: 'invite-only' }).signUpMode).toBe('invite-only')
    expect(() => loadEnv({ PAUTA_SIGNUP: 'closed' })).toThrow(/PAUTA_SIGNUP/)
  })

  it('PAUTA_SIGNUP_LIMIT: 10 sign-up attempts an hour per address unless set; nonsense is refused', () => {
    expect(loadEnv({}).signUpLimit).toBe(10)
    expect(loadEnv({ PAUTA_SIGNUP_LIMIT: '40' }).signUpLimit).toBe(40)
    expect(() => loadEnv({ PAUTA_SIGNUP_LIMIT: '0' })).toThrow(/PAUTA_SIGNUP_LIMIT/)
    expect(() => loadEnv({ PAUTA_SIGNUP_LIMIT: 'many' })).toThrow(/PAUTA_SIGNUP_LIMIT/)
  })

  it('TRUST_PROXY: off by default; on trusts a proxy on this machine; or a list of addresses and ranges', () => {
    expect(loadEnv({}).trustProxy).toEqual([])
    for (const off of ['off', 'false', '0'])
      expect(loadEnv({ TRUST_PROXY: off }).trustProxy).toEqual([])
    for (const on of ['on', 'true', '1', 'ON'])
      expect(loadEnv({ TRUST_PROXY: on }).trustProxy).toEqual(['127.0.0.0/8', '::1/128'])
    expect(loadEnv({ TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,fd00::/8' }).trustProxy).toEqual([
      '10.0.0.5',
      '172.16.0.0/12',
      'fd00::/8',
    ])
    expect(() => loadEnv({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY.*not an address: yes/)
    expect(() => loadEnv({ TRUST_PROXY: '10.0.0.0/8, proxy.internal' })).toThrow(
      /not an address: proxy\.internal/,
    )
  })
})
