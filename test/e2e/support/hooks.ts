/**
 * Mocha root hooks for the e2e suite (loaded with --require from .mocharc.e2e.json): a failing test always
 * leaves test-results/e2e/FAILED-<test>.png behind.
 */
import type { Context } from 'mocha';
import { screenshot } from './screenshots';

export const mochaHooks = {
  async afterEach(this: Context): Promise<void> {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    try {
      const path = await screenshot(`FAILED-${test.fullTitle()}`);
      if (path) console.log(`      screenshot of the failure: ${path}`);
    } catch (error) {
      console.log(`      (no failure screenshot: ${(error as Error).message})`);
    }
  },
};
