import { assertSingleRecipient, createConsoleMailer } from '@portcullis/core'
import { createMemoryMailer } from '@portcullis/core/testing'
import { describe, expect, it } from 'vitest'

const message = { subject: 'Hi', text: 'hello', html: '<p>hello</p>' }

describe('recipients', () => {
  it('accepts exactly one valid address, normalised', () => {
    expect(assertSingleRecipient(' Ada@Example.COM ')).toBe('Ada@example.com')
  })

  it.each([
    'a@example.com,b@evil.test',
    'a@example.com; b@evil.test',
    'a@example.com\r\nBcc: b@evil.test',
    'a@example.com\nb',
    '"e@attacker.com"@victim.com',
    'a\uff20evil.test@example.com',
    'not-an-address',
  ])('refuses %j', (to) => {
    expect(() => assertSingleRecipient(to)).toThrow(expect.objectContaining({ code: 'invalid_request' }))
  })
})

describe('memory and console mailers', () => {
  it('keeps messages, finds the last one per recipient, simulates failures', async () => {
    const mailer = createMemoryMailer()
    await mailer.send({ ...message, to: 'a@example.com' })
    await mailer.send({ ...message, to: 'b@example.com', subject: 'second' })
    expect(mailer.messages).toHaveLength(2)
    expect(mailer.last('a@example.com')?.subject).toBe('Hi')
    expect(mailer.last()?.subject).toBe('second')
    mailer.failNext()
    await expect(mailer.send({ ...message, to: 'a@example.com' })).rejects.toThrow(/transport failure/)
    await mailer.send({ ...message, to: 'a@example.com' })
    expect(mailer.messages).toHaveLength(3)
    await expect(mailer.send({ ...message, to: 'a@example.com,b@evil.test' })).rejects.toThrow()
    mailer.clear()
    expect(mailer.messages).toEqual([])
  })

  it('prints to the console writer', async () => {
    const lines: string[] = []
    await createConsoleMailer((line) => lines.push(line)).send({ ...message, to: 'a@example.com' })
    expect(lines.join('\n')).toContain('to: a@example.com')
    expect(lines.join('\n')).toContain('hello')
  })
})
