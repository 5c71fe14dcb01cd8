/**
 * Every credential and token command, called with an argument object as another extension would, inside the
 * real VS Code, against the sandbox over real HTTP.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sandbox } from './support/sandbox';

const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;

let names = 0;
/** A fresh credential name per test: the store outlives each test. */
const uniqueName = (base: string) => `${base} ${++names}`;

async function addDemo(which: 'tenantSuperAdmin' | 'tenantReadOnly' | 'partner', role = 'superAdmin') {
  const client = sandbox().clients[which];
  return run<{ id: string; name: string; tested: boolean; idType?: string; tenantId?: string; dataRegion?: string }>(
    'addCredential',
    {
      name: uniqueName(which),
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      role,
    },
  );
}

describe('credential commands in the real VS Code', () => {
  it('adds a credential, testing it first, and reports tenant and region', async () => {
    const added = await addDemo('tenantSuperAdmin');
    assert.equal(added.tested, true);
    assert.equal(added.idType, 'tenant');
    assert.equal(added.tenantId, sandbox().clients.tenantSuperAdmin.id);
    assert.ok(added.dataRegion, 'a data region');
    assert.deepEqual(
      sandbox().requests.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`),
      ['POST /api/v2/oauth2/token 200', 'GET /whoami/v1 200'],
    );
    assert.equal(
      JSON.stringify(added).includes(sandbox().clients.tenantSuperAdmin.clientSecret),
      false,
      'no secret in the result',
    );
  });

  it('refuses a wrong secret with a message that names the fix, and saves nothing', async () => {
    const client = sandbox().clients.tenantSuperAdmin;
    const name = uniqueName('wrong secret');
    await assert.rejects(
      run('addCredential', { name, clientId: client.clientId, clientSecret: 'definitely-not-the-secret' }),
      /refused the Client Secret.*(pasted the whole secret|create a new credential)/s,
    );
    // Nothing half-saved: the same name is still free.
    const saved = await run<{ name: string }>('addCredential', {
      name,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
    assert.equal(saved.name, name);
  });

  it('refuses a Client ID with a typo before any request', async () => {
    await assert.rejects(
      run('addCredential', {
        name: uniqueName('typo'),
        clientId: '0a7f9c17-3d55-4ab4-810e-254a16986ae',
        clientSecret: 'x',
      }),
      /UUID/,
    );
    assert.equal(sandbox().requests.length, 0);
  });

  it('mints an SLS token, copies it, lists it and revokes it', async () => {
    const added = await addDemo('tenantSuperAdmin');
    const minted = await run<{ id: string; label: string; stored: boolean; tenantId: string }>('createSlsToken', {
      credential: added.name,
      label: 'Integration test',
    });
    assert.equal(minted.stored, true);
    assert.equal(minted.label, 'Integration test');
    assert.equal(minted.tenantId, sandbox().clients.tenantSuperAdmin.id);
    assert.ok(
      !Object.values(minted).some((value) => typeof value === 'string' && value.startsWith('SLS-')),
      'the result carries no token value',
    );
    assert.deepEqual(
      sandbox()
        .requests.slice(-1)
        .map((r) => `${r.method} ${r.path}`),
      ['POST /accounts/v1/access-tokens'],
      'warm: the bearer and whoami from adding are reused',
    );

    await run('copyToken', { tokenId: minted.id });
    assert.match(await vscode.env.clipboard.readText(), /^SLS-/);

    // Update Token: label and expiry changed in Sophos Central (PATCH) and in the stored record.
    const updated = await run<{ id: string; label: string; expiresAt: string }>('updateToken', {
      tokenId: minted.id,
      label: 'Renamed token',
      expiresAt: '2027-06-30',
    });
    assert.equal(updated.label, 'Renamed token');
    assert.match(updated.expiresAt, /^2027-06-30/);
    assert.ok(sandbox().requests.some((r) => r.method === 'PATCH' && r.path.endsWith(minted.id) && r.status === 200));
    await assert.rejects(run('updateToken', { tokenId: minted.id, label: 'bad <label>' }), /label/i);

    await run('revokeToken', { credential: added.name, tokenId: minted.id });
    assert.ok(sandbox().requests.some((r) => r.method === 'DELETE' && r.path.endsWith(minted.id) && r.status === 200));
    await assert.rejects(run('copyToken', { tokenId: minted.id }), /not kept in SecretStorage/);
  });

  it('explains a 403 for a Read-Only credential by naming the role needed', async () => {
    const added = await addDemo('tenantReadOnly', 'readOnly');
    await assert.rejects(
      run('createSlsToken', { credential: added.name, label: 'Denied' }),
      /403.*Service Principal Super Admin/s,
    );
  });

  it('makes a partner choose a tenant, from every page, before minting; Sophos refuses the mint, as the SLS guide says', async () => {
    const added = await addDemo('partner');
    assert.equal(added.idType, 'partner');
    await assert.rejects(run('createSlsToken', { credential: added.name, label: 'No tenant' }), /choose the tenant/);
    const tenant = sandbox().clients.partner.tenants!.at(-1)!;
    const chosen = await run<{ tenantId: string }>('selectTenant', { credential: added.name, tenantId: tenant.id });
    assert.equal(chosen.tenantId, tenant.id);
    // The SLS guide asks for a credential made in the tenant's own Central Admin dashboard: the partner's is refused.
    await assert.rejects(
      run('createSlsToken', { credential: added.name, label: 'Partner token' }),
      /403.*Central Admin \(tenant\) dashboard.*Partner Assistance is turned off/s,
    );
    const create = sandbox().requests.filter((r) => r.method === 'POST' && r.path.startsWith('/accounts'));
    assert.deepEqual(
      create.map((r) => `${r.status} ${r.headers.includes('x-tenant-id')}`),
      ['403 true'],
    );
  });

  it('waits out a 429 with Retry-After, then succeeds', async () => {
    const added = await addDemo('tenantSuperAdmin');
    sandbox().reset();
    sandbox().injectFault({
      match: { path: '/whoami' },
      times: 1,
      fault: { type: 'status', status: 429, retryAfter: '1' },
    });
    const started = Date.now();
    const tested = await run<{ ok: boolean }>('testCredential', { credential: added.name });
    assert.equal(tested.ok, true);
    assert.ok(Date.now() - started >= 900, 'Retry-After was honoured');
    assert.deepEqual(
      sandbox()
        .requests.filter((r) => r.path.startsWith('/whoami'))
        .map((r) => r.status),
      [429, 200],
    );
  });

  it('edits name and role, refusing a duplicate name', async () => {
    const first = await addDemo('tenantSuperAdmin');
    const second = await addDemo('tenantSuperAdmin');
    const renamed = await run<{ name: string; role: string }>('editCredential', {
      credential: first.id,
      name: `${first.name} renamed`,
      role: 'management',
    });
    assert.equal(renamed.name, `${first.name} renamed`);
    assert.equal(renamed.role, 'management');
    await assert.rejects(
      run('editCredential', { credential: second.id, name: renamed.name.toUpperCase() }),
      /already exists/,
    );
  });

  it('rotates the secret only to one that signs in, unless told to', async () => {
    const added = await addDemo('tenantSuperAdmin');
    await assert.rejects(
      run('editCredential', { credential: added.id, clientSecret: 'rotated-but-wrong' }),
      /Client Secret/,
    );
    assert.equal(
      (await run<{ ok: boolean }>('testCredential', { credential: added.id })).ok,
      true,
      'the working secret was kept',
    );
    await run('editCredential', { credential: added.id, clientSecret: 'rotated-but-wrong', test: false });
    await assert.rejects(run('testCredential', { credential: added.id }), /Client Secret/);
    await run('editCredential', {
      credential: added.id,
      clientSecret: sandbox().clients.tenantSuperAdmin.clientSecret,
    });
    assert.equal((await run<{ ok: boolean }>('testCredential', { credential: added.id })).ok, true);
  });

  it('copies the Client ID, and deletes a credential for good', async () => {
    const added = await addDemo('tenantSuperAdmin');
    await run('copyClientId', { credential: added.id });
    assert.equal(await vscode.env.clipboard.readText(), sandbox().clients.tenantSuperAdmin.clientId);
    await run('deleteCredential', { credential: added.id });
    await assert.rejects(run('testCredential', { credential: added.id }), /No credential/);
  });

  it('copies Client ID and then Client Secret for a connector profile, and clears the secret where it can', async () => {
    const added = await addDemo('tenantSuperAdmin');
    const config = vscode.workspace.getConfiguration('sophosCentral');
    await config.update('clipboardClearSeconds', 1, vscode.ConfigurationTarget.Workspace);
    try {
      await run('copyForConnectorProfile', { credential: added.id, copy: 'clientId' });
      assert.equal(await vscode.env.clipboard.readText(), sandbox().clients.tenantSuperAdmin.clientId);
      await run('copyForConnectorProfile', { credential: added.id, copy: 'clientSecret' });
      assert.equal(await vscode.env.clipboard.readText(), sandbox().clients.tenantSuperAdmin.clientSecret);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Desktop: cleared after the configured seconds (the rule is unit-tested). In the browser, reading the
      // clipboard needs a permission prompt, so nothing is cleared behind the user's back there.
      const expected = vscode.env.uiKind === vscode.UIKind.Web ? sandbox().clients.tenantSuperAdmin.clientSecret : '';
      assert.equal(await vscode.env.clipboard.readText(), expected);
    } finally {
      await config.update('clipboardClearSeconds', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.env.clipboard.writeText('');
    }
  });
});
