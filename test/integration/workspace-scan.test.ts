/** Scan Workspace for Sophos Secrets: closed files of the workspace, the same rules and codes as open files. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { until } from './support/until';

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

  it('keeps a file’s findings once it is opened and closed again: the file as saved, never twice while open', async function () {
    this.timeout(30_000);
    const token = () => `SLS-${randomBytes(36).toString('base64url')}`;
    const path = join(folder, 'reopened.env');
    writeFileSync(path, `SOPHOS_SLS_TOKEN=${token()}\n`);
    await run('scanWorkspace', { quiet: true });
    const uri = vscode.Uri.file(path);
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Sophos Central');
    assert.equal(ours().length, 1, 'found by the scan');
    // Opened as the user opens a file (no extension holds the document, so closing the editor closes it).
    await vscode.commands.executeCommand('vscode.open', uri);
    const document = await until('the document to open', () =>
      vscode.workspace.textDocuments.find((open) => open.uri.toString() === uri.toString()),
    );
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(1, 0), `OTHER_TOKEN=${token()}\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the live scan of the edit', () => (ours().length === 2 ? true : undefined));
    assert.ok(await document.save());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the document to close', () => (document.isClosed ? true : undefined), 20_000);
    const after = await until('the findings on disk', () => (ours().length === 2 ? ours() : undefined));
    assert.deepEqual(
      after.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]),
      [
        ['sls-token', 0],
        ['sls-token', 1],
      ],
    );
  });
});
