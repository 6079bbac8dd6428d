/** Rows deleted per statement by `purgeExpired` unless told otherwise. */
export const DEFAULT_PURGE_BATCH_SIZE = 1000

/**
 * Validates `purgeExpired`'s batch size.
 *
 * @param batchSize - the caller's value, or undefined for the default
 * @returns the batch size to use
 * @throws {RangeError} when it is not a positive integer
 */
export function purgeBatchSize(batchSize: number | undefined): number {
  if (batchSize === undefined) return DEFAULT_PURGE_BATCH_SIZE
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new RangeError('batchSize must be a positive integer')
  return batchSize
}

/**
 * Runs `deleteBatch` until a batch deletes fewer rows than asked for.
 *
 * @param batchSize - rows per batch
 * @param deleteBatch - deletes at most `batchSize` rows and returns how many it deleted
 * @returns the total deleted
 */
export async function deleteInBatches(
  batchSize: number,
  deleteBatch: () => Promise<number>,
): Promise<number> {
  let total = 0
  for (;;) {
    const deleted = await deleteBatch()
    total += deleted
    if (deleted < batchSize) return total
  }
}
