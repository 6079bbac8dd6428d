import { describe, expect, it } from 'vitest'
import { normalizePath } from '../src/normalize-path.js'

describe('normalizePath', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['//', '/'],
    ['/admin', '/admin'],
    ['//admin', '/admin'],
    ['/admin/', '/admin'],
    ['/admin//', '/admin'],
    ['///admin///users//', '/admin/users'],
    ['/./admin/.', '/admin'],
    ['/public/../admin', '/admin'],
    ['/../../admin', '/admin'],
    ['/a/b/../../c', '/c'],
    ['/Admin', '/Admin'],
    ['/a%2Fb', '/a%2Fb'],
  ])('%j is %j', (path, expected) => {
    expect(normalizePath(path)).toBe(expected)
  })
})
