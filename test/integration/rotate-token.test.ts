/**
 * Rotate SLS Token in the real VS Code: the new token over the old value in every file it was put into and in
 * an open document (one undoable edit), then the old one revoked; with one file read-only, nothing revoked and
 * the user told which file holds which token. In a file git tracks it is the first quick fix on a kept token;
 * elsewhere it follows the reference fix.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sandbox } from './support/sandbox';

const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;

interface Rotation {
  tokenId: string;
  oldTokenId: string;
  revoked: boolean;
  places: { name: string; holds: string }[];
}

describe('Rotate SLS Token', () => {
  let folder = '';
  before(() => {
    folder = mkdtempSync(join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'rotate-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));

  /** A credential, a kept token, and three files it was inserted into; returns the token and the files. */
  async function tokenInThreeFiles(name: string, into = folder) {
    const client = sandbox().clients.tenantSuperAdmin;
    const added = await run<{ id: string }>('addCredential', {
      name: `${name} ${Date.now()}`,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    const minted = await run<{ id: string }>('createSlsToken', { credential: added.id, label: name });
    const files = ['a.env', 'b.env', 'c.env'].map((file) => join(into, `${name}-${file}`));
    for (const file of files) {
      writeFileSync(file, 'OTHER=1\n');
      await run('insertTokenIntoFile', { tokenId: minted.id, file, gitignore: 'insertAnyway' });
    }
    const oldValue = /SOPHOS_SLS_TOKEN=(\S+)/.exec(readFileSync(files[0]!, 'utf8'))![1]!;
    return { credentialId: added.id, tokenId: minted.id, files, oldValue };
  }

  /** Whether Sophos Central was asked to revoke the token, and did. */
  const revoked = (tokenId: string) =>
    sandbox().requests.some(
      (request) => request.method === 'DELETE' && request.status === 200 && request.path.endsWith(`/${tokenId}`),
    );

  it('rewrites every file and an open document, checks each, then revokes the old token', async function () {
    this.timeout(30_000);
    const { tokenId, files, oldValue } = await tokenInThreeFiles('Rotated');
    const document = await vscode.workspace.openTextDocument({ content: `token: ${oldValue}\n`, language: 'yaml' });
    const rotation = await run<Rotation>('rotateSlsToken', { tokenId });
    assert.equal(rotation.revoked, true);
    assert.equal(rotation.places.length, 4, 'three files and the open document');
    assert.ok(rotation.places.every((place) => place.holds === 'new'));
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assert.ok(!text.includes(oldValue) && text.includes('OTHER=1\n'), `${file}: old value gone, the rest kept`);
    }
    assert.ok(!document.getText().includes(oldValue), 'the open document holds the new value');
    assert.equal(revoked(tokenId), true, 'the old token is revoked in Sophos Central');
    assert.equal(revoked(rotation.tokenId), false);
    assert.ok(!JSON.stringify(rotation).includes(oldValue), 'no value in the result');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('with one file read-only: the others rotate, nothing is revoked, and the refusal names the file', async function () {
    this.timeout(30_000);
    const { tokenId, files, oldValue } = await tokenInThreeFiles('Halfway');
    chmodSync(files[2]!, 0o444);
    try {
      await assert.rejects(run('rotateSlsToken', { tokenId }), (error: Error) => {
        assert.match(error.message, /NOT revoked/);
        assert.match(error.message, new RegExp(`Halfway-c\\.env holds the old token`));
        assert.ok(!error.message.includes(oldValue), 'values only in redacted form');
        return true;
      });
    } finally {
      chmodSync(files[2]!, 0o644);
    }
    assert.equal(revoked(tokenId), false, 'the old token still works for the file that holds it');
    assert.ok(readFileSync(files[2]!, 'utf8').includes(oldValue));
    assert.ok(!readFileSync(files[0]!, 'utf8').includes(oldValue), 'the first file holds the new token');
  });

  /** Our quick fixes on the kept token in `file`, once git's answer about the file is in (at most 5 s). */
  async function quickFixesOn(file: string, rotateFirst: boolean) {
    const document = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(document);
    const started = Date.now();
    let diagnostic: vscode.Diagnostic | undefined;
    while (!diagnostic && Date.now() - started < 10_000) {
      diagnostic = vscode.languages.getDiagnostics(document.uri).find((found) => found.code === 'stored-token');
      if (!diagnostic) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(diagnostic, 'the kept token is marked');
    let asked = 0;
    for (;;) {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic.range,
      );
      const ours = actions.filter((action) => /^(Rotate SLS Token|Replace with|Remove from file)/.test(action.title));
      // A slow git answers the next time the lightbulb asks; until then the file counts as untracked. So an
      // untracked file is judged by a later ask too, once git has surely answered.
      const settled = rotateFirst ? /^Rotate/.test(ours[0]?.title ?? '') : ++asked > 1;
      if (settled || Date.now() - started > 5_000) return { document, ours };
      await new Promise((resolve) => setTimeout(resolve, rotateFirst ? 100 : 1_000));
    }
  }

  it('is the first and preferred quick fix on a kept token in a file git tracks, and rotates it there', async function () {
    this.timeout(30_000);
    const repository = mkdtempSync(join(folder, 'repo-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', ...args], {
        cwd: repository,
      });
    git('init', '-q');
    const { tokenId, files, oldValue } = await tokenInThreeFiles('Leaked', repository);
    git('add', '--', files[0]!);
    git('commit', '-q', '-m', 'leak');
    const { document, ours } = await quickFixesOn(files[0]!, true);
    assert.match(ours[0]?.title ?? '', /^Rotate SLS Token "Leaked"/);
    assert.equal(ours[0]!.isPreferred, true);
    assert.ok(!ours.slice(1).some((action) => action.isPreferred), 'the only preferred fix');
    const rotation = await vscode.commands.executeCommand<Rotation>(
      ours[0]!.command!.command,
      ...(ours[0]!.command!.arguments ?? []),
    );
    assert.equal(rotation.revoked, true);
    assert.equal(revoked(tokenId), true);
    assert.ok(!document.getText().includes(oldValue) && !readFileSync(files[1]!, 'utf8').includes(oldValue));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('follows the reference fix, which stays preferred, in a file git does not track', async function () {
    this.timeout(30_000);
    const repository = mkdtempSync(join(folder, 'repo-'));
    execFileSync('git', ['init', '-q'], { cwd: repository });
    const { files } = await tokenInThreeFiles('Untracked', repository);
    const { ours } = await quickFixesOn(files[0]!, false);
    assert.deepEqual(
      ours.map((action) => [action.title.replace(/ \$\{.*/, ''), action.isPreferred ?? false]),
      [
        ['Replace with environment reference', true],
        ['Rotate SLS Token "Untracked": a new token everywhere it is, then this one revoked', false],
      ],
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
