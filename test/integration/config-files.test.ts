/**
 * Tokens in config files, in the real VS Code: insertion into each file type (the rest of the file untouched
 * byte for byte), the git warning's answers, and the secret diagnostics with both quick fixes.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sandbox } from './support/sandbox';
import { until } from './support/until';

const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;

let credentialName = '';
let tokenId = '';
let tokenValue = '';
let folder = '';

function file(name: string, text: string): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

const insert = (path: string, extra: Record<string, unknown> = {}) =>
  run<{ action: string; format: string }>('insertTokenIntoFile', { tokenId, file: path, ...extra });

describe('tokens in config files, in the real VS Code', () => {
  before(async function () {
    this.timeout(30_000);
    const client = sandbox().clients.tenantSuperAdmin;
    credentialName = `Config files ${Date.now()}`;
    await run('addCredential', {
      name: credentialName,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      role: 'superAdmin',
    });
    const minted = await run<{ id: string }>('createSlsToken', { credential: credentialName, label: 'Config files' });
    tokenId = minted.id;
    await run('copyToken', { tokenId });
    tokenValue = await vscode.env.clipboard.readText();
    assert.match(tokenValue, /^SLS-[A-Za-z0-9]{20,}$/);
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    folder = mkdtempSync(join(root, 'config-files-'));
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  // The fixtures hold secrets on purpose (a pasted Client Secret, inserted tokens): gone once the suite is done.
  after(() => rmSync(folder, { recursive: true, force: true }));

  const closedFiles: Array<[string, string, Record<string, unknown>, (value: string) => string]> = [
    [
      '.env (CRLF, comments, order kept)',
      '# deploy\r\nA=1\r\nSOPHOS_SLS_TOKEN=old # rotated\r\nB=2\r\n',
      {},
      (v) => `# deploy\r\nA=1\r\nSOPHOS_SLS_TOKEN=${v} # rotated\r\nB=2\r\n`,
    ],
    [
      'vars.yml (nested key path, comments kept)',
      '# Ansible vars\nsophos:\n  region: eu # where\nother: true\n',
      { key: 'sophos.sls_token' },
      (v) => `# Ansible vars\nsophos:\n  region: eu # where\n  sls_token: ${v}\nother: true\n`,
    ],
    [
      'settings.jsonc (comments kept)',
      '{\n  // settings\n  "a": 1 // one\n}\n',
      { key: 'sophos.token' },
      (v) => `{\n  // settings\n  "a": 1, // one\n  "sophos": {\n    "token": "${v}"\n  }\n}\n`,
    ],
    [
      'deploy.sh (BOM kept)',
      '\uFEFF#!/bin/sh\nset -e\n',
      {},
      (v) => `\uFEFF#!/bin/sh\nset -e\nexport SOPHOS_SLS_TOKEN='${v}'\n`,
    ],
  ];
  for (const [name, before, extra, after] of closedFiles) {
    it(`puts the token into a closed ${name}`, async () => {
      const path = file(name.split(' ')[0]!, before);
      const result = await insert(path, extra);
      assert.equal(readFileSync(path, 'utf8'), after(tokenValue));
      assert.notEqual(result.action, 'unchanged');
      assert.ok(!JSON.stringify(result).includes(tokenValue), 'no secret in the result');
      assert.equal((await insert(path, extra)).action, 'unchanged', 'a second write changes nothing');
      assert.equal(readFileSync(path, 'utf8'), after(tokenValue));
    });
  }

  it('edits an open document with one minimal edit, saving it only when it had no unsaved changes', async () => {
    const path = file('open.env', 'A=1\nB=2\n');
    const document = await vscode.workspace.openTextDocument(path);
    await vscode.window.showTextDocument(document);
    const changes: vscode.TextDocumentContentChangeEvent[] = [];
    const listener = vscode.workspace.onDidChangeTextDocument(
      (event) => event.document === document && changes.push(...event.contentChanges),
    );
    try {
      assert.equal((await insert(path)).action, 'added');
    } finally {
      listener.dispose();
    }
    assert.equal(changes.length, 1);
    assert.equal(changes[0]!.rangeOffset, 'A=1\nB=2\n'.length, 'only the end changed');
    assert.equal(document.isDirty, false, 'saved, as it was clean');
    assert.equal(readFileSync(path, 'utf8'), `A=1\nB=2\nSOPHOS_SLS_TOKEN=${tokenValue}\n`);

    // Unsaved changes stay unsaved: the edit goes into the document, not over the file behind it.
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# mine\n'));
    assert.equal((await insert(path, { key: 'OTHER' })).action, 'added');
    assert.equal(document.isDirty, true);
    assert.equal(document.getText(), `# mine\nA=1\nB=2\nSOPHOS_SLS_TOKEN=${tokenValue}\nOTHER=${tokenValue}\n`);
    assert.equal(readFileSync(path, 'utf8'), `A=1\nB=2\nSOPHOS_SLS_TOKEN=${tokenValue}\n`);
    await vscode.commands.executeCommand('undo');
    assert.equal(
      document.getText(),
      `# mine\nA=1\nB=2\nSOPHOS_SLS_TOKEN=${tokenValue}\n`,
      'undo takes back just the insertion',
    );
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('refuses a file it cannot parse, without the token in the message, and leaves it alone', async () => {
    const path = file('broken.json', '{"a": ');
    await assert.rejects(
      insert(path),
      (error: Error) => /not valid JSON/.test(error.message) && !error.message.includes(tokenValue),
    );
    assert.equal(readFileSync(path, 'utf8'), '{"a": ');
  });

  it('inserts at the cursor: the raw value, or a KEY=value line on an empty line of a config file', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'plaintext', content: 'token: \n' });
    const editor = await vscode.window.showTextDocument(document);
    editor.selection = new vscode.Selection(0, 7, 0, 7);
    assert.equal((await run<{ inserted: string }>('insertTokenAtCursor', { tokenId })).inserted, 'value');
    assert.equal(document.getText(), `token: ${tokenValue}\n`);

    const path = file('cursor.env', 'A=1\n\nB=2\n');
    const envEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(path));
    envEditor.selection = new vscode.Selection(1, 0, 1, 0);
    assert.equal((await run<{ inserted: string }>('insertTokenAtCursor', { tokenId, asLine: true })).inserted, 'line');
    assert.equal(envEditor.document.getText(), `A=1\nSOPHOS_SLS_TOKEN=${tokenValue}\nB=2\n`);
    // Never a second SOPHOS_SLS_TOKEN: on another empty line it is the existing one that is set.
    await envEditor.edit((edit) => edit.insert(new vscode.Position(3, 0), '\n'));
    envEditor.selection = new vscode.Selection(3, 0, 3, 0);
    assert.equal((await run<{ action: string }>('insertTokenAtCursor', { tokenId, asLine: true })).action, 'unchanged');
    assert.equal(envEditor.document.getText().split('SOPHOS_SLS_TOKEN=').length, 2);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  describe('a file git would commit', () => {
    let repo = '';
    let envFile = '';
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', ...args], {
        cwd: repo,
        encoding: 'utf8',
      });

    beforeEach(() => {
      repo = mkdtempSync(join(folder, 'repo-'));
      git('init', '-q');
      envFile = join(repo, 'deploy', '.env');
      mkdirSync(join(repo, 'deploy'));
      writeFileSync(envFile, 'A=1\n');
      git('add', '.');
      git('commit', '-q', '-m', 'tracked .env');
    });

    it('asks first: without an answer nothing is written', async () => {
      await assert.rejects(insert(envFile), /deploy\/\.env is tracked by git.*gitignore: 'add'/s);
      assert.equal(readFileSync(envFile, 'utf8'), 'A=1\n');
    });

    it('cancel writes nothing', async () => {
      assert.equal((await insert(envFile, { gitignore: 'cancel' })).action, 'cancelled');
      assert.equal(readFileSync(envFile, 'utf8'), 'A=1\n');
      assert.equal(existsSync(join(repo, '.gitignore')), false);
    });

    it('insertAnyway writes the token and leaves .gitignore alone', async () => {
      assert.equal((await insert(envFile, { gitignore: 'insertAnyway' })).action, 'added');
      assert.equal(readFileSync(envFile, 'utf8'), `A=1\nSOPHOS_SLS_TOKEN=${tokenValue}\n`);
      assert.equal(existsSync(join(repo, '.gitignore')), false);
    });

    it('add puts the file into .gitignore (created, or appended to) and writes the token', async () => {
      const result = await insert(envFile, { gitignore: 'add' });
      assert.equal(result.action, 'added');
      assert.equal(readFileSync(join(repo, '.gitignore'), 'utf8'), '/deploy/.env\n');
      assert.equal(readFileSync(envFile, 'utf8'), `A=1\nSOPHOS_SLS_TOKEN=${tokenValue}\n`);

      const other = join(repo, 'other.env');
      writeFileSync(join(repo, '.gitignore'), '/deploy/.env\nnode_modules');
      assert.equal((await insert(other, { gitignore: 'add' })).action, 'added');
      assert.equal(readFileSync(join(repo, '.gitignore'), 'utf8'), '/deploy/.env\nnode_modules\n/other.env\n');
      git('check-ignore', '-q', 'other.env'); // throws when not ignored
      assert.equal(
        (await insert(other, { key: 'OTHER' })).action,
        'added',
        'an ignored, untracked file needs no answer',
      );
    });
  });

  describe('secrets in plain text', () => {
    const stray = `SLS-${'Q7'.repeat(24)}`;
    const another = `SLS-${'x9'.repeat(24)}`;

    async function diagnosticsOf(uri: vscode.Uri, count: number): Promise<vscode.Diagnostic[]> {
      return until(`${count} diagnostics`, () => {
        const found = vscode.languages
          .getDiagnostics(uri)
          .filter((diagnostic) => diagnostic.source === 'Sophos Central');
        return found.length === count ? found : undefined;
      });
    }

    it('marks a stored token value and an SLS token, naming neither value', async () => {
      const path = file('leaky.env', `KEPT=${tokenValue}\nSTRAY=${stray}\nNOT_A_TOKEN=SLS-short\n`);
      const document = await vscode.workspace.openTextDocument(path);
      await vscode.window.showTextDocument(document);
      const diagnostics = await diagnosticsOf(document.uri, 2);
      const [kept, found] = diagnostics.sort((a, b) => a.range.start.line - b.range.start.line);
      assert.equal(kept!.code, 'stored-token');
      assert.equal(document.getText(kept!.range), tokenValue);
      assert.match(kept!.message, /The SLS token "Config files"/);
      assert.equal(found!.code, 'sls-token');
      assert.equal(document.getText(found!.range), stray);
      for (const diagnostic of diagnostics) {
        assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
        assert.ok(!diagnostic.message.includes('SLS-'), diagnostic.message);
      }
    });

    it('marks the Client Secret of a credential in a JSON file', async () => {
      const secret = sandbox().clients.tenantSuperAdmin.clientSecret;
      const document = await vscode.workspace.openTextDocument(file('client.json', `{"clientSecret": "${secret}"}\n`));
      const [diagnostic] = await diagnosticsOf(document.uri, 1);
      assert.equal(diagnostic!.code, 'client-secret');
      assert.match(diagnostic!.message, /Client Secret of "/);
      assert.ok(!diagnostic!.message.includes(secret));
    });

    it("quick fix: replaces the token with an environment reference in the file's idiom", async () => {
      const document = await vscode.workspace.openTextDocument(
        file('playbook.yml', `# vars\nsls_token: '${stray}' # from the console\n`),
      );
      await vscode.window.showTextDocument(document);
      const [diagnostic] = await diagnosticsOf(document.uri, 1);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic!.range,
      );
      const ours = actions.filter(
        (action) =>
          action.title.startsWith('Replace with environment reference') ||
          action.title.startsWith('Store in SecretStorage'),
      );
      assert.deepEqual(
        ours.map((action) => action.kind?.value),
        ['quickfix', 'quickfix'],
      );
      const replace = ours.find((action) => action.title.startsWith('Replace'))!;
      assert.ok(await vscode.workspace.applyEdit(replace.edit!));
      assert.equal(
        document.getText(),
        `# vars\nsls_token: "{{ lookup('env', 'SOPHOS_SLS_TOKEN') }}" # from the console\n`,
      );
      await diagnosticsOf(document.uri, 0);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    it('quick fix: in a file with no environment syntax (other JSON), only stores the token in SecretStorage and removes it, saying why', async () => {
      const document = await vscode.workspace.openTextDocument(file('stored.json', `{\n  "token": "${another}"\n}\n`));
      await vscode.window.showTextDocument(document);
      const [diagnostic] = await diagnosticsOf(document.uri, 1);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        diagnostic!.range,
      );
      assert.ok(
        !actions.some((action) => action.title.startsWith('Replace with environment reference')),
        'no reference: nothing would expand it',
      );
      const store = actions.find((action) => action.title.startsWith('Store in SecretStorage and remove from file'))!;
      assert.match(store.title, /no environment reference: JSON has no environment variables/);
      assert.ok(store?.command, 'a command');
      const [args] = store.command.arguments as [Record<string, unknown>];
      // Several credentials exist in this suite, so name one instead of picking from a list.
      const stored = await vscode.commands.executeCommand<{ tokenId: string; label: string; replaced: boolean }>(
        store.command.command,
        { ...args, interactive: false, credential: credentialName },
      );
      assert.equal(stored.replaced, true);
      assert.equal(stored.label, 'Imported from stored.json');
      assert.equal(document.getText(), '{\n  "token": ""\n}\n');
      await run('copyToken', { tokenId: stored.tokenId });
      assert.equal(await vscode.env.clipboard.readText(), another, 'kept in SecretStorage');
      await diagnosticsOf(document.uri, 0);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    });

    it('is off when sophosCentral.secretDetection.enabled is false', async () => {
      const document = await vscode.workspace.openTextDocument(file('off.env', `STRAY=${stray}\n`));
      await diagnosticsOf(document.uri, 1);
      const config = vscode.workspace.getConfiguration('sophosCentral');
      await config.update('secretDetection.enabled', false, vscode.ConfigurationTarget.Workspace);
      try {
        await diagnosticsOf(document.uri, 0);
      } finally {
        await config.update('secretDetection.enabled', undefined, vscode.ConfigurationTarget.Workspace);
      }
      await diagnosticsOf(document.uri, 1);
    });
  });
});
