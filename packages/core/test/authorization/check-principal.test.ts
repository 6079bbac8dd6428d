import { describe, expect, it } from 'vitest'
import type { Principal } from '../../src/auth/types.js'
import { createPrincipalCheck } from '../../src/authorization/check-principal.js'

function principal(roles: string[], scopes: string[]): Principal<object> {
  return { user: { roles }, scopes, method: 'api_key' } as unknown as Principal<object>
}

describe('createPrincipalCheck', () => {
  it('refuses no principal with 401 and passes anyone signed in when nothing is required', () => {
    const check = createPrincipalCheck()
    expect(check(null)).toEqual({ status: 401, code: 'unauthenticated', message: 'authentication required' })
    expect(check(principal([], []))).toBeNull()
  })

  it('roles: any one of them, admin passes every role check', () => {
    const check = createPrincipalCheck({ roles: ['billing', 'support'] })
    expect(check(principal(['support'], []))).toBeNull()
    expect(check(principal(['admin'], []))).toBeNull()
    expect(check(principal(['viewer'], ['*']))).toEqual({
      status: 403,
      code: 'forbidden',
      message: 'missing a required role',
    })
  })

  it('scopes: all of them, * grants all, admin does not stand in for scopes', () => {
    const check = createPrincipalCheck({ scopes: ['read', 'write'] })
    expect(check(principal([], ['read', 'write', 'deploy']))).toBeNull()
    expect(check(principal([], ['*']))).toBeNull()
    expect(check(principal([], ['read']))?.message).toBe('missing a required scope')
    expect(check(principal(['admin'], ['read']))?.status).toBe(403)
  })

  it('refuses empty or malformed lists at construction', () => {
    expect(() => createPrincipalCheck({ roles: [] })).toThrow(TypeError)
    expect(() => createPrincipalCheck({ scopes: [''] })).toThrow(TypeError)
    expect(() => createPrincipalCheck({ roles: 'admin' as unknown as string[] })).toThrow(TypeError)
  })
})
