/**
 * The secret-leak scan, run last in the integration suite (files run in name order): after every other test
 * has added, tested, rotated, minted, copied, inserted, suspended and deleted credentials with known secret
 * values, search every byte the extension wrote for each of them. Zero hits.
 *
 * Searched: the extension's log files (the Sophos Central output channel and the rest of this extension
 * host's logs), its global and workspace storage folders, the whole VS Code server data folder, its global
 * state as stored, and every page and message sent to a webview. The workspace, and VS Code's local history
 * of edited files (User/History, copies of workspace files), are searched for Client Secrets and bearer
 * tokens; SLS token values are left out there only because the insertion tests put them into files on purpose
 * (what the user asked for).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sandbox } from './support/sandbox';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};

interface WrittenPlaces {
  logDir: string;
  globalStorage: string;
  workspaceStorage?: string;
  state: string[];
  webview: string[];
  /** Files Export Credentials wrote. */
  exported: string[];
}

/** Secrets the tests typed in on purpose, besides what the sandbox issued. */
const typedSecrets = [
  'definitely-not-the-secret',
  'rotated-but-wrong',
  'entered-but-wrong',
  'not-the-secret',
  '00Okta-integration-token-value-1234567890',
];

function filesUnder(dir: string | undefined, found: string[] = []): string[] {
  if (!dir || !existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) continue;
    if (stat.isDirectory()) {
      // The installed extensions are code, not what the product wrote.
      if (name === 'node_modules' || name === 'extensions') continue;
      filesUnder(path, found);
    } else if (stat.size < 20 * 1024 * 1024) found.push(path);
  }
  return found;
}

function hits(haystacks: { where: string; text: string }[], needles: string[]): string[] {
  const found: string[] = [];
  for (const { where, text } of haystacks) {
    for (const needle of needles)
      if (needle.length >= 8 && text.includes(needle)) found.push(`${where} holds ${needle.slice(0, 6)}…`);
  }
  return found;
}

describe('secret-leak scan (runs last)', () => {
  it('finds no Client Secret, bearer token, refresh token or SLS token in anything the extension wrote', async function () {
    this.timeout(60_000);
    const places = (
      (await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!.activate()) as {
        writtenPlaces(): WrittenPlaces;
      }
    ).writtenPlaces();
    const clientSecrets = [...Object.values(sandbox().clients).map((client) => client.clientSecret), ...typedSecrets];
    const issued = sandbox().issuedSecrets();
    const bearers = issued.filter((secret) => !secret.startsWith('SLS-'));
    const slsTokens = issued.filter((secret) => secret.startsWith('SLS-'));
    assert.ok(
      bearers.length >= 10 && slsTokens.length >= 5,
      `the suite issued secrets to look for (${bearers.length} bearer/refresh, ${slsTokens.length} SLS)`,
    );
    const everySecret = [...clientSecrets, ...bearers, ...slsTokens];

    const serverDataDir = process.env.VSCODE_AGENT_FOLDER;
    const logRoot = join(places.logDir, '..'); // this extension host's whole log folder
    const isHistory = (path: string) => path.includes(`${join('User', 'History')}`);
    const allFiles = [
      ...new Set([
        ...filesUnder(logRoot),
        ...filesUnder(places.globalStorage),
        ...filesUnder(places.workspaceStorage),
        ...filesUnder(serverDataDir),
        ...places.exported,
      ]),
    ];
    const files = allFiles.filter((path) => !isHistory(path));
    const historyFiles = allFiles.filter(isHistory);
    const read = (path: string) => ({ where: path, text: readFileSync(path).toString('latin1') });
    const written = [
      ...files.map(read),
      { where: 'global state', text: places.state.join('\n') },
      ...places.webview.map((text, index) => ({ where: `webview message ${index}`, text })),
    ];
    assert.ok(
      files.some((file) => file.endsWith('Sophos Central.log')),
      `the output channel's log file is among the ${files.length} files searched`,
    );
    assert.ok(places.webview.length > 0 && places.state.length > 0);
    assert.ok(places.exported.length > 0 && places.exported.every((file) => files.includes(file)), 'exported files');

    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    const workspaceFiles = [...filesUnder(workspace), ...historyFiles].map(read);

    const found = [...hits(written, everySecret), ...hits(workspaceFiles, [...clientSecrets, ...bearers])];
    console.log(
      `      (searched ${files.length} files, ${places.state.length} state entries, ${places.webview.length} webview pages and messages, ${workspaceFiles.length} workspace files for ${everySecret.length} secrets)`,
    );
    assert.deepEqual(found, []);
  });
});
