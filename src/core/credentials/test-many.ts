import { invalidInput, type WhoAmI } from '../api';

/** One credential's outcome in a testMany health check. */
export type TestManyResult = { id: string; ok: true; whoami: WhoAmI } | { id: string; ok: false; error: unknown };

/**
 * Tests many credentials, at most `concurrency` in flight, so a long list neither takes one round trip per
 * credential in a row nor floods Sophos ID. Never rejects: each outcome is in its entry, in order.
 */
export async function testEach(
  ids: readonly string[],
  concurrency: number,
  test: (id: string) => Promise<WhoAmI>,
): Promise<TestManyResult[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw invalidInput(`The concurrency must be a positive whole number, not ${concurrency}.`);
  const results: TestManyResult[] = new Array(ids.length);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const index = next++;
      const id = ids[index]!;
      try {
        results[index] = { id, ok: true, whoami: await test(id) };
      } catch (error) {
        results[index] = { id, ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  return results;
}
