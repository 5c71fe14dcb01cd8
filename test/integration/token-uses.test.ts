/** Where a token went: each insertion into a file is recorded and shown on the credential's details page. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CredentialView, HostMessage } from '../../src/protocol/credential-details';
import { sandbox } from './support/sandbox';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};
const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;

interface TestApi {
  inspectPanel(credentialId: string): { sent: HostMessage[] } | undefined;
}

describe('where a token went', () => {
  let folder = '';
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('records each file a token is inserted into, and the details page names them, never the value', async function () {
    this.timeout(30_000);
    const client = sandbox().clients.tenantSuperAdmin;
    const added = await run<{ id: string }>('addCredential', {
      name: `Token uses ${Date.now()}`,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      role: 'superAdmin',
    });
    const minted = await run<{ id: string }>('createSlsToken', { credential: added.id, label: 'Used twice' });
    folder = mkdtempSync(join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'token-uses-'));
    const env = join(folder, 'deploy.env');
    const yaml = join(folder, 'all.yml');
    writeFileSync(env, 'A=1\n');
    writeFileSync(yaml, 'a: 1\n');
    await run('insertTokenIntoFile', { tokenId: minted.id, file: env });
    await run('insertTokenIntoFile', { tokenId: minted.id, file: yaml, key: 'sls_token' });
    await run('insertTokenIntoFile', { tokenId: minted.id, file: env }); // again: listed once, as the latest
    await run('openCredential', { credential: added.id });
    const testApi = (await vscode.extensions
      .getExtension(`${manifest.publisher}.${manifest.name}`)!
      .activate()) as TestApi;
    const started = Date.now();
    let view: CredentialView | undefined;
    while (!view && Date.now() - started < 5_000) {
      view = testApi
        .inspectPanel(added.id)
        ?.sent.filter((m): m is { type: 'state'; view: CredentialView } => m.type === 'state')
        .at(-1)?.view;
      if (!view) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const relative = (path: string) => vscode.workspace.asRelativePath(path);
    assert.deepEqual(
      view?.details.find((row) => row.label === 'SLS token "Used twice"'),
      { label: 'SLS token "Used twice"', value: `Used in ${relative(yaml)}, ${relative(env)}` },
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
