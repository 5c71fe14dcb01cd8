import assert from 'node:assert/strict';
import { SophosApiError, defaultRetryPolicy, parseRetryAfter, retryDelayMs } from '../../../../src/core/api';

describe('retry policy', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  const retryAfterCases: [string | undefined, number | undefined][] = [
    [undefined, undefined],
    ['', undefined],
    ['7', 7],
    [' 0 ', 0],
    ['Tue, 24 Nov 2026 12:00:30 GMT', 30],
    ['Tue, 24 Nov 2026 11:00:00 GMT', 0],
    ['soon', undefined],
  ];
  for (const [header, seconds] of retryAfterCases) {
    it(`reads Retry-After ${JSON.stringify(header)} as ${seconds}`, () => {
      assert.equal(parseRetryAfter(header, now), seconds);
    });
  }

  const error = (kind: SophosApiError['kind'], retryAfterSeconds?: number) =>
    new SophosApiError(kind, 'x', { retryAfterSeconds });
  const delayCases: { name: string; error: unknown; attempt: number; expected: number | undefined }[] = [
    { name: 'server error, first attempt', error: error('server'), attempt: 1, expected: 300 },
    { name: 'network error, third attempt', error: error('network'), attempt: 3, expected: 1200 },
    { name: 'timeout', error: error('timeout'), attempt: 2, expected: 600 },
    { name: 'throttled with Retry-After', error: error('throttled', 5), attempt: 1, expected: 5000 },
    { name: 'throttled over the cap', error: error('throttled', 31), attempt: 1, expected: undefined },
    { name: 'throttled without Retry-After', error: error('throttled'), attempt: 1, expected: 300 },
    { name: 'attempts used up', error: error('server'), attempt: 4, expected: undefined },
    { name: 'auth', error: error('auth'), attempt: 1, expected: undefined },
    { name: 'forbidden', error: error('forbidden'), attempt: 1, expected: undefined },
    { name: 'bad reply', error: error('badReply'), attempt: 1, expected: undefined },
    { name: 'cancelled', error: error('cancelled'), attempt: 1, expected: undefined },
    { name: 'not a SophosApiError', error: new Error('boom'), attempt: 1, expected: undefined },
  ];
  for (const { name, error: failure, attempt, expected } of delayCases) {
    it(`waits ${expected ?? 'not at all'} after ${name}`, () => {
      assert.equal(
        retryDelayMs(failure, attempt, defaultRetryPolicy, () => 0.5),
        expected,
      );
    });
  }

  it('spreads backoff between half and all of the ceiling (jitter)', () => {
    assert.equal(
      retryDelayMs(error('server'), 2, defaultRetryPolicy, () => 0),
      400,
    );
    assert.equal(
      retryDelayMs(error('server'), 2, defaultRetryPolicy, () => 1),
      800,
    );
  });
});
