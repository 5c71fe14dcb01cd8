#!/usr/bin/env node
// `npm run test:electron`: the integration suite in desktop VS Code through @vscode/test-electron, for a machine
// that can download VS Code (it cannot here: use `npm run test:integration`). Same extensionDevelopmentPath and
// extensionTestsPath as scripts/run-vscode-tests.mjs; the suite's root hook starts the sandbox itself.
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './vscode-tooling.mjs';

const workspace = mkdtempSync(join(tmpdir(), 'sophos-ws-'));
mkdirSync(join(workspace, '.vscode'));
writeFileSync(join(workspace, '.vscode/settings.json'), '{}\n');
const userDataDir = mkdtempSync(join(tmpdir(), 'sophos-electron-ud-'));

let code = 0;
try {
  await runTests({
    version: process.env.VSCODE_TEST_VERSION ?? 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out/test/integration/index.js'),
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      `--user-data-dir=${userDataDir}`,
    ],
    extensionTestsEnv: { ...process.env },
  });
} catch (error) {
  console.error(`[run-electron-tests] FAILED: ${error?.message ?? error}`);
  code = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(code);
