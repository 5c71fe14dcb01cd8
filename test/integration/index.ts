/**
 * The integration suite's entry point: VS Code loads this file in the extension host (extensionTestsPath) and
 * calls run(). It works the same under the VS Code server runner (scripts/run-vscode-tests.mjs) and under
 * @vscode/test-electron (scripts/run-electron-tests.mjs). esbuild bundles each test file on its own into
 * out/test/integration/, with `vscode` and `mocha` external.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mochaHooks } from './support/sandbox';

function testFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...testFilesUnder(path));
    else if (name.endsWith('.test.js')) found.push(path);
  }
  return found;
}

export function run(): Promise<void> {
  // mocha 11 is ESM-first: its CommonJS export may sit on .default.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mochaModule = require('mocha');
  const Mocha = mochaModule.default || mochaModule;
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: Number(process.env.SOPHOS_INTEGRATION_TEST_TIMEOUT_MS ?? 20_000),
    rootHooks: mochaHooks,
  });
  const files = testFilesUnder(__dirname);
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures: number) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else resolve();
      });
    } catch (error) {
      reject(error);
    }
  });
}
