import { describe, expect, it } from 'vitest'

import { groupCommit } from '@/shared/groupCommit'
import { currentRequestId, withRequestId } from '@/shared/requestContext'

/** A promise and the function that settles it, to hold a batch open until the test lets it go. */
const gate = () => {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
}

describe('groupCommit', () => {
  it('should run what arrives while a batch runs as the next batch, and give each caller its own result', async () => {
    const batches: number[][] = []
    const first = gate()
    const submit = groupCommit(async (items: number[]) => {
      batches.push(items)
      if (batches.length === 1) {
        await first.opened
      }
      return items.map((n) => n * 10)
    })
    const answers = [submit(1), submit(2), submit(3), submit(4)]
    // The first came alone and runs at once; the others wait for it.
    expect(batches).toEqual([[1]])
    first.open()
    expect(await Promise.all(answers)).toEqual([10, 20, 30, 40])
    expect(batches).toEqual([[1], [2, 3, 4]])
    // Once idle, an item is again a batch of its own.
    expect(await submit(5)).toBe(50)
    expect(batches.at(-1)).toEqual([5])
  })

  it('should refuse every caller of a batch that failed, and go on with the next', async () => {
    const first = gate()
    let calls = 0
    const submit = groupCommit(async (items: string[]) => {
      calls += 1
      if (calls === 1) {
        await first.opened
      }
      if (items.includes('bad')) {
        throw new Error('This batch cannot be done.')
      }
      return items.map((item) => item.toUpperCase())
    })
    const alone = submit('one')
    const failing = [submit('two'), submit('bad')].map((p) => p.then(() => 'done', (error: Error) => error.message))
    first.open()
    expect(await alone).toBe('ONE')
    expect(await Promise.all(failing)).toEqual(['This batch cannot be done.', 'This batch cannot be done.'])
    expect(await submit('three')).toBe('THREE')
  })

  it("should run each batch as part of its first item's request, not of the one that started the loop", async () => {
    const first = gate()
    const seen: (string | undefined)[] = []
    const submit = groupCommit(async (items: string[]) => {
      seen.push(currentRequestId())
      if (seen.length === 1) {
        await first.opened
      }
      return items
    })
    const answers = [withRequestId('request-a', () => submit('a')), withRequestId('request-b', () => submit('b')), withRequestId('request-c', () => submit('c'))]
    first.open()
    await Promise.all(answers)
    expect(seen).toEqual(['request-a', 'request-b'])
  })
})
