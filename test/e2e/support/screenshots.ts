/** Screenshots into test-results/e2e/; the page of the running test is registered by startVSCode(). */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';

const pageKey = Symbol.for('sophosCentral.e2e.page');
type Holder = { [pageKey]?: Page };

export function setCurrentPage(page: Page | undefined): void {
  (globalThis as Holder)[pageKey] = page;
}

export function currentPage(): Page | undefined {
  return (globalThis as Holder)[pageKey];
}

function resultsDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'test-results', 'e2e');
}

/** Saves test-results/e2e/<name>.png of the page (default: the running test's) and returns its path. */
export async function screenshot(name: string, page: Page | undefined = currentPage()): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  const dir = resultsDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '')}.png`);
  // Toasts and menus fade in over ~200 ms: let them settle so the picture shows what a person would read.
  await page.waitForTimeout(400);
  await page.screenshot({ path, timeout: 15_000 });
  return path;
}
