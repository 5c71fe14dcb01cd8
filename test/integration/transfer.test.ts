/**
 * Credentials on another machine, without their secrets: the metadata Settings Sync carries, Export and
 * Import Credentials, and Enter Secret, which stores a secret only once it signs in.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { sandbox } from './support/sandbox';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
  publisher: string;
  name: string;
};
const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;
const api = async () =>
  (await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!.activate()) as {
    synced(): { keys: string[]; value: { format: string; credentials: { name: string; clientId: string }[] } };
  };
const workspace = () => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

describe('credentials on another machine, without their secrets', () => {
  const demo = () => sandbox().clients.tenantSuperAdmin;

  it('hands Settings Sync only the metadata key: never the store, the usage log or a secret', async () => {
    const added = await run<{ id: string; name: string }>('addCredential', {
      name: 'Synced Acme',
      clientId: demo().clientId,
      clientSecret: demo().clientSecret,
    });
    const { keys, value } = (await api()).synced();
    assert.deepEqual(keys, ['sophosCentral.syncedCredentials.v1']);
    const synced = value.credentials.find((entry) => entry.name === added.name);
    assert.equal(synced?.clientId, demo().clientId);
    assert.equal(JSON.stringify(value).includes(demo().clientSecret), false);
    await run('deleteCredential', { credential: added.id });
  });

  it('exports without secrets, and an import adds what is missing, never replacing a credential with its secret', async () => {
    const kept = await run<{ id: string; name: string }>('addCredential', {
      name: 'Kept here',
      clientId: demo().clientId,
      clientSecret: demo().clientSecret,
    });
    const moving = await run<{ id: string; name: string }>('addCredential', {
      name: 'Moving',
      clientId: demo().clientId,
      clientSecret: demo().clientSecret,
    });
    const file = join(workspace(), `exported-${Date.now()}.json`);
    const exported = await run<{ count: number }>('exportMetadata', { file });
    const text = readFileSync(file, 'utf8');
    assert.ok(exported.count >= 2);
    assert.match(text, /"name": "Moving"/);
    assert.equal(text.includes(demo().clientSecret), false, 'no Client Secret in the exported file');
    await assert.rejects(run('exportMetadata', { file }), /EEXIST|exists/, 'a command call never replaces a file');

    // "Moving" leaves this machine; the file brings it back, without its secret. "Kept here" stays as it is.
    await run('deleteCredential', { credential: moving.id });
    const report = await run<{ added: string[]; skipped: { name: string; reason: string }[] }>('importMetadata', {
      file,
    });
    assert.deepEqual(report.added, ['Moving']);
    assert.deepEqual(
      report.skipped.find((entry) => entry.name === kept.name),
      { name: 'Kept here', reason: 'it is here with its secret: kept as it is' },
    );
    await assert.rejects(run('testCredential', { credential: 'Moving' }), /missing from SecretStorage/);

    // Enter Secret: a wrong secret is refused and nothing is stored; the right one signs in and is stored.
    await assert.rejects(
      run('enterSecret', { credential: 'Moving', clientSecret: 'entered-but-wrong' }),
      /refused the Client Secret/,
    );
    await assert.rejects(run('testCredential', { credential: 'Moving' }), /missing from SecretStorage/);
    assert.deepEqual(await run('enterSecret', { credential: 'Moving', clientSecret: demo().clientSecret }), {
      credential: moving.id,
      stored: true,
    });
    const tested = await run<{ ok?: boolean; tenantId?: string }>('testCredential', { credential: 'Moving' });
    assert.ok(tested, 'signs in with the entered secret');

    // A second import adds nothing: both are here with their secrets now.
    const again = await run<{ added: string[] }>('importMetadata', { file });
    assert.deepEqual(again.added, []);
    await run('deleteCredential', { credential: moving.id });
    await run('deleteCredential', { credential: kept.id });
  });

  it('refuses a file that is not an export, adding nothing', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(workspace(), 'not-an-export.json');
    writeFileSync(file, JSON.stringify({ format: 'other', credentials: [{ name: 'x' }] }));
    await assert.rejects(run('importMetadata', { file }), /not a credentials file exported/);
  });
});

describe('a workspace bound to a credential and tenant', () => {
  it('shows "credential → tenant (region)" in this window’s status bar; unbound, the last used again', async () => {
    const partner = sandbox().clients.partner;
    const added = await run<{ id: string; name: string }>('addCredential', {
      name: 'Bound partner',
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
    });
    const tenant = partner.tenants![1]!;
    await run('selectTenant', { credential: added.id, tenantId: tenant.id });
    const config = vscode.workspace.getConfiguration('sophosCentral');
    const statusText = async () =>
      (
        (await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!.activate()) as {
          statusBar(): { text: string };
        }
      ).statusBar().text;
    try {
      await config.update('workspaceCredential', 'Bound partner', vscode.ConfigurationTarget.Workspace);
      await config.update('workspaceTenant', tenant.id, vscode.ConfigurationTarget.Workspace);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(vscode.workspace.isTrusted, true, 'the test workspace is trusted');
      assert.match(await statusText(), new RegExp(`Bound partner → ${tenant.name}`));
    } finally {
      await config.update('workspaceCredential', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('workspaceTenant', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.doesNotMatch(await statusText(), /→/);
    await run('deleteCredential', { credential: added.id });
  });

  it('lists, updates and revokes on the bound tenant, not the one the credential chose elsewhere', async () => {
    const partner = sandbox().clients.partner;
    const added = await run<{ id: string; name: string }>('addCredential', {
      name: 'Bound listing',
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
    });
    const [chosen, bound] = [partner.tenants![0]!, partner.tenants![1]!];
    await run('selectTenant', { credential: added.id, tenantId: chosen.id });
    // A token minted by the bound tenant's own credential (SLS tokens are minted by a tenant's credential).
    const own = { ...sandbox().clients.tenantSuperAdmin, clientId: randomUUID(), id: bound.id, tenantName: bound.name };
    sandbox().addClient(own);
    const ownAdded = await run<{ id: string }>('addCredential', {
      name: 'Bound tenant itself',
      clientId: own.clientId,
      clientSecret: own.clientSecret,
    });
    const { id: tokenId } = await run<{ id: string }>('createSlsToken', { credential: ownAdded.id, label: 'Tenant' });
    await run('deleteCredential', { credential: ownAdded.id });
    const config = vscode.workspace.getConfiguration('sophosCentral');
    const testApi = (await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!.activate()) as {
      tree: { getChildren(node?: object): Promise<object[]> | object[]; refresh(reload: boolean): void };
    };
    try {
      await config.update('workspaceCredential', added.name, vscode.ConfigurationTarget.Workspace);
      await config.update('workspaceTenant', bound.id, vscode.ConfigurationTarget.Workspace);
      testApi.tree.refresh(true);
      const listed = (await testApi.tree.getChildren({ kind: 'tokens', credentialId: added.id })) as {
        tokenId?: string;
        tenantId?: string;
      }[];
      const token = listed.find((node) => node.tokenId === tokenId);
      assert.equal(token?.tenantId, bound.id, 'the tree lists the bound tenant’s tokens');
      const details = (await testApi.tree.getChildren({ kind: 'credential', credentialId: added.id })) as {
        key?: string;
        value?: string;
      }[];
      const row = details.find((detail) => detail.key === 'chosenTenant');
      assert.equal(row?.value, `${bound.id} (this workspace)`, 'its Tenant row names where it acts in this window');
      const updated = await run<{ label?: string }>('updateToken', { tokenId, credential: added.id, label: 'Renamed' });
      assert.equal(updated.label, 'Renamed', 'changed where it is listed');
      assert.deepEqual(await run('revokeToken', { tokenId, credential: added.id }), { tokenId, revoked: true });
      const after = (await testApi.tree.getChildren({ kind: 'tokens', credentialId: added.id })) as {
        tokenId?: string;
      }[];
      assert.equal(
        after.some((node) => node.tokenId === tokenId),
        false,
        'gone from the bound tenant',
      );
    } finally {
      await config.update('workspaceCredential', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('workspaceTenant', undefined, vscode.ConfigurationTarget.Workspace);
      await run('deleteCredential', { credential: added.id });
    }
  });
  it('lists again when the bound tenant changes under a cached list, and shows the tokens of a bound tenant not chosen', async () => {
    const partner = sandbox().clients.partner;
    const [chosen, bound] = [partner.tenants![0]!, partner.tenants![1]!];
    // A token on each tenant, minted by the tenant's own credential (SLS tokens are minted by a tenant's credential).
    const mintOn = async (tenant: { id: string; name: string }) => {
      const own = { ...sandbox().clients.tenantSuperAdmin, clientId: randomUUID(), id: tenant.id };
      sandbox().addClient({ ...own, tenantName: tenant.name });
      const ownAdded = await run<{ id: string }>('addCredential', {
        name: `Own ${tenant.name}`,
        clientId: own.clientId,
        clientSecret: own.clientSecret,
      });
      const { id } = await run<{ id: string }>('createSlsToken', { credential: ownAdded.id, label: 'Listed' });
      await run('deleteCredential', { credential: ownAdded.id });
      return id;
    };
    const [onChosen, onBound] = [await mintOn(chosen), await mintOn(bound)];
    const added = await run<{ id: string; name: string }>('addCredential', {
      name: 'Bound then renamed',
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
    });
    const unchosen = await run<{ id: string; name: string }>('addCredential', {
      name: 'Bound, none chosen',
      clientId: partner.clientId,
      clientSecret: partner.clientSecret,
    });
    await run('selectTenant', { credential: added.id, tenantId: chosen.id });
    const config = vscode.workspace.getConfiguration('sophosCentral');
    const { tree } = (await vscode.extensions.getExtension(`${manifest.publisher}.${manifest.name}`)!.activate()) as {
      tree: { getChildren(node?: object): Promise<object[]> | object[] };
    };
    const listed = async (credentialId: string) =>
      ((await tree.getChildren({ kind: 'tokens', credentialId })) as { tokenId?: string }[]).map((n) => n.tokenId);
    const bind = async (name: string | undefined) => {
      await config.update('workspaceCredential', name, vscode.ConfigurationTarget.Workspace);
      await config.update('workspaceTenant', name && bound.id, vscode.ConfigurationTarget.Workspace);
    };
    try {
      await bind(added.name);
      assert.ok((await listed(added.id)).includes(onBound), 'the bound tenant’s tokens');
      // Renamed: the workspace no longer names it, so this window acts on its chosen tenant again.
      await run('editCredential', { credential: added.id, name: 'Renamed away' });
      const now = await listed(added.id);
      assert.ok(now.includes(onChosen) && !now.includes(onBound), 'the chosen tenant’s tokens, not a stale list');
      await bind(unchosen.name);
      const children = (await tree.getChildren({ kind: 'credential', credentialId: unchosen.id })) as {
        kind: string;
      }[];
      assert.ok(
        children.some((child) => child.kind === 'tokens'),
        'the bound tenant’s tokens are listed without a tenant chosen',
      );
      assert.ok((await listed(unchosen.id)).includes(onBound));
    } finally {
      await bind(undefined);
      await run('deleteCredential', { credential: added.id });
      await run('deleteCredential', { credential: unchosen.id });
    }
  });
});
