/**
 * How a command was invoked is decided once, when it is called: by identity for our own UI, by the absence of an
 * argument for the palette, and otherwise as a call whose arguments are checked before anything happens.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sandbox } from './support/sandbox';

const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;

let names = 0;

async function addTenantCredential() {
  const { clientId, clientSecret } = sandbox().clients.tenantSuperAdmin;
  return run<{ id: string; name: string }>('addCredential', {
    name: `Invoked ${++names}`,
    clientId,
    clientSecret,
    test: false,
  });
}

describe('how a command is invoked', () => {
  it('treats a look-alike tree node from outside as a call: its arguments are checked and nothing is asked', async () => {
    const added = await addTenantCredential();
    // The shape of a credential node, but not one our tree made: a call without "credential".
    await assert.rejects(run('testCredential', { kind: 'credential', credentialId: added.id }), {
      message: 'The argument "credential" is required.',
    });
    assert.deepEqual(sandbox().requests, [], 'refused before any request');
    // As a call it gets a call's consent (assumed in test runs) and reply, not the view's confirmation dialog.
    const deleted = await run('deleteCredential', { kind: 'credential', credentialId: added.id, credential: added.id });
    assert.deepEqual(deleted, { id: added.id, deleted: true });
  });

  it('refuses an argument of the wrong type with a message naming it, before any request', async () => {
    const added = await addTenantCredential();
    const { clientId, clientSecret } = sandbox().clients.tenantSuperAdmin;
    const refused: [string, unknown, string][] = [
      ['createSlsToken', { credential: added.name, label: 42 }, 'The argument "label" must be a string.'],
      ['selectTenant', { credential: added.name }, 'The argument "tenantId" is required.'],
      [
        'setInactivityLimit',
        { credential: added.name, suspendAfterDays: '90 days' },
        'The argument "suspendAfterDays" must be a number.',
      ],
      [
        'addCredential',
        { name: 'Root', clientId, clientSecret, role: 'root' },
        'The argument "role" must be one of "superAdmin", "management", "forensics", "readOnly", "directorySync", "firewall".',
      ],
      [
        'addIntegrationCredential',
        { type: 'oktaApiToken', name: 'Okta', acknowledge: true, values: { url: 7 } },
        'The argument "values.url" must be a string.',
      ],
      [
        'copyForConnectorProfile',
        { credential: added.name, copy: 'everything' },
        'The argument "copy" must be "clientId" or "clientSecret".',
      ],
      ['testCredential', added.name, 'Pass the arguments as one object, e.g. { credential: "Acme" }.'],
    ];
    for (const [command, args, message] of refused)
      await assert.rejects(run(command, args), { message }, `${command} ${JSON.stringify(args)}`);
    assert.deepEqual(sandbox().requests, []);
  });

  it('from the palette (no argument) asks the user which credential, and does nothing when dismissed', async () => {
    await addTenantCredential();
    await addTenantCredential();
    let settled = false;
    const pending = vscode.commands.executeCommand('sophosCentral.testCredential').then((result) => {
      settled = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(settled, false, 'waits for the user to pick');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await pending, undefined);
    assert.deepEqual(sandbox().requests, [], 'nothing was tested');
  });
});
