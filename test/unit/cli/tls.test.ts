import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { runBundledCli, runCliInProcess, type CliRun } from '../../support/cli';
import { startSandbox, type Sandbox, type SandboxLeafKind } from '../../../src/sandbox/server';
import { startProxy, type TestProxy } from '../../support/proxy';

const proxyPassword = 'cli-Pr0xy-pa55';

describe('sophos-central CLI over TLS and through proxies', () => {
  let sandbox: Sandbox;
  let plain: Sandbox;
  let open: TestProxy;
  let guarded: TestProxy;
  let workdir: string;
  const printed: string[] = [];

  before(async () => {
    [sandbox, plain, open, guarded] = await Promise.all([
      startSandbox({ tls: true }),
      startSandbox(),
      startProxy(),
      startProxy({ credentials: { user: 'bob', password: proxyPassword } }),
    ]);
    workdir = await mkdtemp(join(tmpdir(), 'sophos-cli-tls-'));
  });
  afterEach(() => {
    sandbox.reset();
    plain.reset();
    sandbox.useCertificate('valid');
    open.connects.length = 0;
    guarded.connects.length = 0;
  });
  after(async () => {
    await Promise.all([sandbox.close(), plain.close(), open.close(), guarded.close()]);
    await rm(workdir, { recursive: true, force: true });
  });

  function environment(target: Sandbox = sandbox, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      SOPHOS_ID_URL: target.idUrl,
      SOPHOS_API_URL: target.apiUrl,
      SOPHOS_CLIENT_ID: target.clients.tenantSuperAdmin.clientId,
      SOPHOS_CLIENT_SECRET: target.clients.tenantSuperAdmin.clientSecret,
      ...extra,
    };
  }

  async function cli(argv: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
    const run = await runCliInProcess(argv, env);
    printed.push(run.stdout, run.stderr);
    return run;
  }

  it('trusts the sandbox CA given with --ca-file', async () => {
    const run = await cli(['--ca-file', sandbox.caFile!, 'whoami'], environment());
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /id type\s+tenant/);
  });

  it('takes --ca-file more than once, and a bundle', async () => {
    const bundle = join(workdir, 'bundle.pem');
    await writeFile(bundle, `${rootCertificates[0]}\n${sandbox.caPem}`);
    const run = await cli(['--ca-file', bundle, '--ca-file', sandbox.caFile!, 'whoami'], environment());
    assert.equal(run.code, 0, run.stderr);
  });

  it('trusts the sandbox CA from NODE_EXTRA_CA_CERTS', async () => {
    const run = await cli(['whoami'], environment(sandbox, { NODE_EXTRA_CA_CERTS: sandbox.caFile }));
    assert.equal(run.code, 0, run.stderr);
  });

  const refusals: { name: string; leaf: SandboxLeafKind; trust: boolean; reason: RegExp }[] = [
    { name: 'an unknown issuer', leaf: 'valid', trust: false, reason: /unknown issuer/ },
    { name: 'an expired certificate', leaf: 'expired', trust: true, reason: /it has expired \(CERT_HAS_EXPIRED\)/ },
    {
      name: 'a host name mismatch',
      leaf: 'wrongHost',
      trust: true,
      reason: /host name does not match .*ERR_TLS_CERT_ALTNAME_INVALID/,
    },
  ];
  for (const { name, leaf, trust, reason } of refusals) {
    it(`exits 5 on ${name}, with one error line naming the host and --ca-file`, async () => {
      sandbox.useCertificate(leaf);
      const run = await cli([...(trust ? ['--ca-file', sandbox.caFile!] : []), 'whoami'], environment());
      assert.equal(run.code, 5, run.stderr);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr.trim().split('\n').length, 1, 'one line');
      assert.match(
        run.stderr,
        new RegExp(`^error: The TLS certificate of ${sandbox.idUrl.replace(/\./g, '\\.')} was refused: `),
      );
      assert.match(run.stderr, reason);
      assert.match(run.stderr, /--ca-file FILE \(or set NODE_EXTRA_CA_CERTS=FILE\)\.\n$/);
      assert.equal(sandbox.requests.length, 0);
    });
  }

  it('exits 2 before any request on a --ca-file it cannot use', async () => {
    const missing = await cli(['--ca-file', join(workdir, 'nope.pem'), 'whoami'], environment());
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error: --ca-file .*nope\.pem cannot be read: no such file\.\n$/);
    const garbage = join(workdir, 'garbage.pem');
    await writeFile(garbage, 'hello');
    const notPem = await cli(['--ca-file', garbage, 'whoami'], environment());
    assert.equal(notPem.code, 2);
    assert.match(notPem.stderr, /holds no PEM certificate/);
    assert.equal(sandbox.requests.length, 0);
  });

  it('warns about an unreadable NODE_EXTRA_CA_CERTS and goes on', async () => {
    const run = await cli(
      ['--ca-file', sandbox.caFile!, 'whoami'],
      environment(sandbox, { NODE_EXTRA_CA_CERTS: join(workdir, 'gone.pem') }),
    );
    assert.equal(run.code, 0);
    assert.match(
      run.stderr,
      /^warning: NODE_EXTRA_CA_CERTS .*gone\.pem cannot be read: no such file\. Continuing without it\.\n$/,
    );
  });

  it('goes through HTTPS_PROXY with credentials in its URL, and honours NO_PROXY', async () => {
    const proxied = await cli(
      ['--ca-file', sandbox.caFile!, 'sls-token', 'create', '--label', 'via proxy'],
      environment(sandbox, { HTTPS_PROXY: guarded.urlWithCredentials }),
    );
    assert.equal(proxied.code, 0, proxied.stderr);
    assert.equal(guarded.connects.length, 2, 'one tunnel per host');
    assert.ok(guarded.connects.every((c) => c.status === 200));
    const direct = await cli(
      ['--ca-file', sandbox.caFile!, 'whoami'],
      environment(sandbox, { https_proxy: guarded.url, no_proxy: 'localhost,127.0.0.1' }),
    );
    assert.equal(direct.code, 0, direct.stderr);
    assert.equal(guarded.connects.length, 2, 'NO_PROXY: no new tunnel');
  });

  it('tunnels http URLs through HTTP_PROXY', async () => {
    const run = await cli(['whoami'], environment(plain, { HTTP_PROXY: open.url }));
    assert.equal(run.code, 0, run.stderr);
    assert.equal(open.connects.length, 2);
  });

  it('exits 5 on a 407, naming the proxy and HTTPS_PROXY, never the password', async () => {
    const none = await cli(
      ['--ca-file', sandbox.caFile!, 'whoami'],
      environment(sandbox, { HTTPS_PROXY: guarded.url }),
    );
    assert.equal(none.code, 5);
    assert.equal(none.stderr.trim().split('\n').length, 1);
    assert.match(
      none.stderr,
      /^error: The proxy http:\/\/127\.0\.0\.1:\d+ \(from HTTPS_PROXY\) asks for credentials \(HTTP 407 Proxy Authentication Required\) and none are configured\. Check HTTPS_PROXY/,
    );
    const wrong = await cli(
      ['--ca-file', sandbox.caFile!, 'whoami'],
      environment(sandbox, { HTTPS_PROXY: guarded.urlWithCredentials!.replace(proxyPassword, 'Wrong-pa55') }),
    );
    assert.equal(wrong.code, 5);
    assert.match(wrong.stderr, /refused the proxy credentials/);
    assert.ok(!wrong.stderr.includes('Wrong-pa55') && !wrong.stderr.includes('bob'));
  });

  it('exits 2 on a proxy URL it cannot use, without repeating it', async () => {
    const run = await cli(['whoami'], environment(sandbox, { HTTPS_PROXY: `http://bob:${proxyPassword}@[oops` }));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: HTTPS_PROXY is not a usable proxy URL/);
  });

  it('a cold create over HTTPS opens two TLS connections, one per host, in a real process', async function () {
    this.timeout(20_000);
    const before = { ...sandbox.tlsConnections };
    const run = await runBundledCli(
      ['sls-token', 'create', '--label', 'Cold TLS'],
      environment(sandbox, { NODE_EXTRA_CA_CERTS: sandbox.caFile }),
    );
    printed.push(run.stdout, run.stderr);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(sandbox.requests.length, 3);
    assert.equal(sandbox.tlsConnections.id - before.id, 1);
    assert.equal(sandbox.tlsConnections.global - before.global, 1);
  });

  it('a real process exits 5 with one line naming --ca-file when the CA is not trusted', async function () {
    this.timeout(20_000);
    const run = await runBundledCli(['whoami'], environment());
    printed.push(run.stdout, run.stderr);
    assert.equal(run.code, 5);
    assert.match(
      run.stderr,
      /^error: The TLS certificate of https:\/\/127\.0\.0\.1:\d+ was refused: it was issued by an unknown issuer .*--ca-file FILE/,
    );
    assert.equal(run.stderr.trim().split('\n').length, 1);
  });

  it('never printed the proxy password or a client secret', () => {
    const all = printed.join('\n');
    assert.ok(printed.length > 20, 'the check saw the runs');
    assert.ok(!all.includes(proxyPassword), 'the proxy password was printed');
    assert.ok(!all.includes(Buffer.from(`bob:${proxyPassword}`).toString('base64')));
    assert.ok(!all.includes(sandbox.clients.tenantSuperAdmin.clientSecret));
  });
});
