/**
 * Bounded parallelism: enough requests in flight to hide latency, few enough not to trip
 * Graph's throttling on a large tenant (the directory's batches) or to flood the store (a
 * group's look-ups and decisions). Pure; here so that the domain and its adapters share it.
 */

/**
 * Maps `items` through `work`, at most `limit` at a time; the results keep the input order.
 * The first rejection rejects the whole (the others still run to their end).
 */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!(Number.isInteger(limit) && limit >= 1)) {
    throw new Error(`Concurrency limit must be an integer >= 1, got ${limit}.`);
  }
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** `items` cut into consecutive slices of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}
