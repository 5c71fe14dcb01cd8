/** Scan Workspace for Sophos Secrets: closed files of the workspace, the same rules and codes as open files. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;

describe('Scan Workspace for Sophos Secrets', () => {
  let folder = '';
  after(() => rmSync(folder, { recursive: true, force: true }));

  it('puts findings of closed files in the Problems view with the open files’ codes, never a value', async function () {
    this.timeout(30_000);
    folder = mkdtempSync(join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'workspace-scan-'));
    const token = `SLS-${randomBytes(36).toString('base64url')}`;
    const secret = randomBytes(32).toString('hex');
    const leak = join(folder, 'leak.env');
    const ini = join(folder, 'config.ini');
    const readme = join(folder, 'README.md');
    writeFileSync(leak, `# deploy\nSOPHOS_SLS_TOKEN=${token}\n`);
    writeFileSync(ini, `[login]\nclient_id = 0a7f9c17-3d55-4ab4-810e-254a16986ae7\nclient_secret = ${secret}\n`);
    writeFileSync(
      readme,
      'SOPHOS_CLIENT_ID=0a7f9c17-3d55-4ab4-810e-254a16986ae7\nSOPHOS_CLIENT_SECRET=your-client-secret\n',
    );
    const result = await run<{ findings: number; filesScanned: number; cancelled: boolean }>('scanWorkspace', {
      quiet: true,
    });
    assert.equal(result.cancelled, false);
    assert.ok(result.findings >= 2 && result.filesScanned >= 3, JSON.stringify(result));
    const ours = (path: string) =>
      vscode.languages.getDiagnostics(vscode.Uri.file(path)).filter((d) => d.source === 'Sophos Central');
    const [onToken] = ours(leak);
    assert.equal(onToken?.code, 'sls-token');
    assert.deepEqual([onToken!.range.start.line, onToken!.range.start.character], [1, 17]);
    const [onSecret] = ours(ini);
    assert.equal(onSecret?.code, 'found-client-secret');
    assert.deepEqual(ours(readme), [], 'a placeholder in a README is no finding');
    for (const diagnostic of [onToken!, onSecret!]) {
      assert.ok(!diagnostic.message.includes(token) && !diagnostic.message.includes(secret), diagnostic.message);
    }
    // Opened, the file keeps its finding (now from the live scan) and offers the quick fixes.
    const document = await vscode.workspace.openTextDocument(leak);
    await vscode.window.showTextDocument(document);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      onToken!.range,
    );
    assert.ok(actions.some((action) => /Replace with environment reference/.test(action.title)));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
