/**
 * Corporate networks inside the real VS Code: the sandbox over HTTPS with a CA of its own. Without that CA in
 * sophosCentral.caCertificates a credential test fails with a message naming the setting; with it (a file
 * path, or the PEM text) the same command succeeds. Settings are changed as a user would, and the extension
 * rebuilds its transport on the change event.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';
import { sandbox as harnessSandbox } from './support/sandbox';

const run = <T = Record<string, unknown>>(command: string, args?: unknown) =>
  vscode.commands.executeCommand<T>(`sophosCentral.${command}`, args) as Promise<T>;

/** Updates a workspace setting and resolves once VS Code has told every listener (the extension's first). */
async function setSetting(section: string, key: string, value: unknown): Promise<void> {
  const config = vscode.workspace.getConfiguration(section);
  if (JSON.stringify(config.inspect(key)?.globalValue) === JSON.stringify(value)) return;
  const changed = new Promise<void>((resolve) => {
    const listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(`${section}.${key}`)) return;
      listener.dispose();
      resolve();
    });
  });
  await config.update(key, value, vscode.ConfigurationTarget.Global);
  await changed;
}

describe('corporate networks: the sandbox over HTTPS', () => {
  let tls: Sandbox;
  let names = 0;
  const added: string[] = [];

  function addCredential(name: string) {
    const client = tls.clients.tenantSuperAdmin;
    return run<{ name: string; tested: boolean; idType?: string; tenantId?: string }>('addCredential', {
      name,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
    });
  }

  before(async () => {
    // The extension must be listening for configuration changes before the first one below.
    await run('showLogs');
    tls = await startSandbox({ tls: true });
    await setSetting('sophosCentral', 'idUrl', tls.idUrl);
    await setSetting('sophosCentral', 'apiUrl', tls.apiUrl);
  });

  afterEach(() => tls.reset());

  after(async () => {
    for (const name of added) await run('deleteCredential', { credential: name }).catch(() => undefined);
    await setSetting('sophosCentral', 'caCertificates', undefined);
    await setSetting('sophosCentral', 'idUrl', harnessSandbox().idUrl);
    await setSetting('sophosCentral', 'apiUrl', harnessSandbox().apiUrl);
    await tls.close();
  });

  it('refuses the unknown CA, naming sophosCentral.caCertificates, and saves nothing', async () => {
    await setSetting('sophosCentral', 'caCertificates', undefined);
    const name = `TLS untrusted ${++names}`;
    await assert.rejects(addCredential(name), (error: Error) => {
      assert.match(
        error.message,
        new RegExp(
          `The TLS certificate of ${tls.idUrl.replace(/\./g, '\\.')} was refused: it was issued by an unknown issuer`,
        ),
      );
      assert.match(error.message, /sophosCentral\.caCertificates/);
      return true;
    });
    assert.equal(tls.requests.length, 0, 'no request got through the handshake');
  });

  it('tests a credential over HTTPS once the CA file is in sophosCentral.caCertificates', async () => {
    await setSetting('sophosCentral', 'caCertificates', [tls.caFile]);
    const name = `TLS trusted file ${++names}`;
    const result = await addCredential(name);
    added.push(name);
    assert.equal(result.tested, true);
    assert.equal(result.tenantId, tls.clients.tenantSuperAdmin.id);
    assert.deepEqual(
      tls.requests.map((r) => `${r.method} ${r.path.split('?')[0]} ${r.status}`),
      ['POST /api/v2/oauth2/token 200', 'GET /whoami/v1 200'],
    );
  });

  it('takes the PEM text itself as well', async () => {
    await setSetting('sophosCentral', 'caCertificates', [tls.caPem]);
    const name = `TLS trusted PEM ${++names}`;
    const result = await addCredential(name);
    added.push(name);
    assert.equal(result.tested, true);
  });

  it('names the reason for an expired certificate even with the CA trusted', async () => {
    await setSetting('sophosCentral', 'caCertificates', [tls.caFile]);
    tls.useCertificate('expired');
    try {
      await assert.rejects(
        addCredential(`TLS expired ${++names}`),
        /it has expired \(CERT_HAS_EXPIRED\).*sophosCentral\.caCertificates/s,
      );
    } finally {
      tls.useCertificate('valid');
    }
  });
});
