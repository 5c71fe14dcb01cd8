import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UndiciTransport } from '../../../../src/core/api/undici-transport';
import { Credentials } from '../../../../src/core/credentials';
import { fileTarget } from '../../../../src/core/rotation';
import { startSandbox, type Sandbox } from '../../../../src/sandbox/server';
import { credentialsAgainst } from '../../../support/credentials';
import { MemoryStorage } from '../../../support/memory-storage';

describe('Credentials.tokens: where a token went, and rotating it', () => {
  let sandbox: Sandbox;
  let transport: UndiciTransport;
  let credentials: Credentials;
  let folder: string;

  before(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(async () => {
    transport = new UndiciTransport({ totalTimeoutMs: 5_000 });
    credentials = credentialsAgainst(sandbox, transport, new MemoryStorage());
    folder = await mkdtemp(join(tmpdir(), 'sophos-rotate-core-'));
  });
  afterEach(async () => {
    sandbox.reset();
    await transport.close();
    await rm(folder, { recursive: true, force: true });
  });
  after(() => sandbox.close());

  async function acmeToken(label: string) {
    const { clientId, clientSecret } = sandbox.clients.tenantSuperAdmin;
    const credential = await credentials.add(
      { name: 'Acme', role: 'superAdmin', clientId, createdOn: '2026-01-01' },
      clientSecret,
    );
    const minted = await credentials.tokens.mint(credential.id, {
      label,
      expiresAt: new Date(Date.now() + 30 * 864e5).toISOString(),
    });
    return { credential, minted };
  }

  it('records each file and key once, never the value', async () => {
    const { minted } = await acmeToken('Uses');
    await credentials.tokens.recordUse(minted.token.id, { file: '/w/deploy/.env', key: 'SOPHOS_SLS_TOKEN' }, 1000);
    await credentials.tokens.recordUse(minted.token.id, { file: '/w/group_vars/all.yml', key: 'sls_token' }, 2000);
    await credentials.tokens.recordUse(minted.token.id, { file: '/w/deploy/.env', key: 'SOPHOS_SLS_TOKEN' }, 3000);
    const record = credentials.tokens.record(minted.token.id)!;
    assert.deepEqual(record.usedIn, [
      { file: '/w/group_vars/all.yml', key: 'sls_token', at: new Date(2000).toISOString() },
      { file: '/w/deploy/.env', key: 'SOPHOS_SLS_TOKEN', at: new Date(3000).toISOString() },
    ]);
    assert.ok(!JSON.stringify(record).includes(minted.value));
  });

  it('rotates: the new token stored with the same label and uses, every file rewritten, the old one revoked', async () => {
    const { credential, minted } = await acmeToken('Rotate me');
    const file = join(folder, '.env');
    await writeFile(file, `SOPHOS_SLS_TOKEN=${minted.value}\n`);
    await credentials.tokens.recordUse(minted.token.id, { file, key: 'SOPHOS_SLS_TOKEN' });
    const { outcome, minted: fresh } = await credentials.tokens.rotate(credential.id, minted.token.id, [
      fileTarget(file),
    ]);
    assert.equal(outcome?.revoked, true);
    assert.equal(await readFile(file, 'utf8'), `SOPHOS_SLS_TOKEN=${fresh.value}\n`);
    assert.equal(credentials.tokens.record(minted.token.id), undefined, 'the old record is gone with its value');
    const record = credentials.tokens.record(fresh.token.id)!;
    assert.equal(record.label, 'Rotate me');
    assert.deepEqual(
      record.usedIn?.map((use) => use.file),
      [file],
    );
    assert.equal(await credentials.tokens.value(fresh.token.id), fresh.value);
    const listed = (await credentials.tokens.listInCentral(credential.id)).tokens.map((token) => token.id);
    assert.ok(listed.includes(fresh.token.id) && !listed.includes(minted.token.id));
  });

  it('keeps both tokens when a file cannot be written', async () => {
    const { credential, minted } = await acmeToken('Stuck');
    const file = join(folder, 'locked.env');
    await writeFile(file, `T=${minted.value}\n`);
    await chmod(file, 0o444);
    const { outcome, minted: fresh } = await credentials.tokens.rotate(credential.id, minted.token.id, [
      fileTarget(file, 'locked.env'),
    ]);
    assert.equal(outcome?.revoked, false);
    assert.deepEqual(
      outcome?.places.map((place) => [place.name, place.holds]),
      [['locked.env', 'old']],
    );
    assert.equal(await credentials.tokens.value(minted.token.id), minted.value, 'the old value is still kept');
    assert.equal(await credentials.tokens.value(fresh.token.id), fresh.value, 'the new one is kept too');
  });
});
