import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SophosApiError,
  loadCertificates,
  certificateSources,
  nodeCaStoreReadable,
  proxyFor,
  resolveNetwork,
  type NetworkOptions,
} from '../../../../src/core/api';
import { startSandbox, type Sandbox, type SandboxLeafKind } from '../../../../src/sandbox/server';
import { clientFor, requestLines } from '../../../support/api';
import { startProxy, type TestProxy } from '../../../support/proxy';

const password = 'pr0xy-S3cret!';
const editorHints = {
  tls: 'Add the CA certificate that signs it to the setting sophosCentral.caCertificates.',
  proxy: 'Check http.proxy, or set http.proxyAuthorization.',
};

describe('network: proxies and trust', () => {
  describe('resolveNetwork', () => {
    it('prefers the explicit proxy, then the environment, else direct', () => {
      const env = { HTTPS_PROXY: 'http://env-proxy:3128', NO_PROXY: 'internal.example' };
      const explicit = resolveNetwork({
        proxy: { url: 'http://editor-proxy:8080', source: 'http.proxy' },
        useEnvironment: true,
        env,
      });
      assert.equal(explicit.https?.display, 'http://editor-proxy:8080');
      assert.equal(explicit.http?.display, 'http://editor-proxy:8080');
      assert.deepEqual(explicit.noProxy, []);
      const fromEnv = resolveNetwork({ useEnvironment: true, env });
      assert.equal(fromEnv.https?.display, 'http://env-proxy:3128');
      assert.equal(fromEnv.https?.source, 'HTTPS_PROXY');
      assert.equal(fromEnv.http, undefined, 'http URLs have no proxy without HTTP_PROXY');
      assert.deepEqual(fromEnv.noProxy, ['internal.example']);
      assert.equal(resolveNetwork({ useEnvironment: false, env }).https, undefined, 'the environment only when asked');
      assert.equal(resolveNetwork({ proxy: { url: '  ' }, env }).https, undefined, 'an empty setting is no proxy');
    });

    it('reads lower-case variables first, falls back from HTTPS_PROXY to HTTP_PROXY, and adds http:// to host:port', () => {
      const network = resolveNetwork({
        useEnvironment: true,
        env: { http_proxy: 'lower:1', HTTP_PROXY: 'http://upper:2', no_proxy: 'a, b', NO_PROXY: 'c' },
      });
      assert.equal(network.http?.display, 'http://lower:1');
      assert.equal(network.https?.display, 'http://lower:1');
      assert.deepEqual(network.noProxy, ['a', 'b']);
    });

    it('never puts proxy credentials in the summary, the warnings or an error', () => {
      const network = resolveNetwork({
        proxy: {
          url: `http://alice:${encodeURIComponent(password)}@proxy.corp:3128`,
          source: 'http.proxy',
          strictSSL: false,
          noProxy: ['localhost'],
        },
      });
      assert.equal(network.https?.authenticated, true);
      assert.match(
        network.summary,
        /proxy http:\/\/proxy\.corp:3128 \(from http\.proxy, with credentials, strictSSL off\); direct for localhost/,
      );
      assert.equal(network.warnings.length, 1);
      assert.match(
        network.warnings[0]!,
        /http\.proxyStrictSSL is false: certificates are NOT verified on connections through the proxy http:\/\/proxy\.corp:3128/,
      );
      const everything = [network.summary, ...network.warnings].join('\n');
      assert.ok(!everything.includes('alice') && !everything.includes('pr0xy'), everything);
      assert.throws(
        () => resolveNetwork({ proxy: { url: `http://alice:${password}@[bad`, source: 'HTTPS_PROXY' } }),
        (e: SophosApiError) =>
          e.kind === 'invalidInput' &&
          /HTTPS_PROXY is not a usable proxy URL/.test(e.message) &&
          !e.message.includes('pr0xy'),
      );
      assert.throws(
        () => resolveNetwork({ proxy: { url: 'socks5://proxy:1080', source: 'http.proxy' } }),
        /only http:\/\/ and https:\/\/ proxies/,
      );
    });

    const noProxyCases: { noProxy: string; url: string; direct: boolean }[] = [
      { noProxy: 'example.com', url: 'https://example.com/x', direct: true },
      { noProxy: 'example.com', url: 'https://api.example.com/x', direct: true },
      { noProxy: '.example.com', url: 'https://api.example.com/x', direct: true },
      { noProxy: '*.example.com', url: 'https://api.example.com/x', direct: true },
      { noProxy: 'example.com', url: 'https://notexample.com/x', direct: false },
      { noProxy: '127.0.0.1:8443', url: 'https://127.0.0.1:8443/', direct: true },
      { noProxy: '127.0.0.1:8443', url: 'https://127.0.0.1:9443/', direct: false },
      { noProxy: 'id.sophos.com', url: 'https://id.sophos.com/api', direct: true },
      { noProxy: '*', url: 'https://anything.example/', direct: true },
      { noProxy: '', url: 'https://anything.example/', direct: false },
    ];
    for (const { noProxy, url, direct } of noProxyCases) {
      it(`NO_PROXY "${noProxy}": ${url} goes ${direct ? 'direct' : 'through the proxy'}`, () => {
        const network = resolveNetwork({
          useEnvironment: true,
          env: { HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: noProxy },
        });
        assert.equal(proxyFor(network, url) === undefined, direct);
      });
    }
  });

  describe('loadCertificates', () => {
    let sandbox: Sandbox;
    let dir: string;
    before(async () => {
      sandbox = await startSandbox({ tls: true });
      dir = await mkdtemp(join(tmpdir(), 'sophos-ca-'));
    });
    after(async () => {
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('reads files, PEM text and bundles, and reports what it cannot use without stopping', async () => {
      const bundle = join(dir, 'bundle.pem');
      await writeFile(bundle, `# two certificates\n${sandbox.caPem}\n${sandbox.caPem}`);
      const garbage = join(dir, 'garbage.pem');
      await writeFile(garbage, 'not a certificate');
      const loaded = await loadCertificates([
        { file: sandbox.caFile!, origin: '--ca-file' },
        { file: bundle, origin: '--ca-file' },
        { pem: sandbox.caPem!, origin: 'sophosCentral.caCertificates[0]' },
        { file: garbage, origin: '--ca-file' },
        { file: join(dir, 'missing.pem'), origin: 'NODE_EXTRA_CA_CERTS' },
        {
          pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----',
          origin: 'sophosCentral.caCertificates[1]',
        },
      ]);
      assert.equal(loaded.pems.length, 4);
      assert.deepEqual(
        loaded.problems.map((p) => p.origin),
        ['--ca-file', 'NODE_EXTRA_CA_CERTS', 'sophosCentral.caCertificates[1]'],
      );
      assert.match(loaded.problems[0]!.message, /garbage\.pem holds no PEM certificate/);
      assert.match(loaded.problems[1]!.message, /missing\.pem cannot be read: no such file/);
      assert.match(loaded.problems[2]!.message, /certificate 1 cannot be parsed/);
    });

    it('reads NODE_EXTRA_CA_CERTS again only where Node does not trust it already', () => {
      const caFile = { file: '/etc/corp-ca.pem', origin: '--ca-file' };
      const extra = { file: '/etc/ca.pem', origin: 'NODE_EXTRA_CA_CERTS' };
      const started = process.env.NODE_EXTRA_CA_CERTS;
      process.env.NODE_EXTRA_CA_CERTS = '/etc/ca.pem';
      try {
        assert.deepEqual(certificateSources([], {}), [], 'no variable, nothing');
        assert.deepEqual(certificateSources([caFile], {}), [caFile]);
        assert.deepEqual(certificateSources([], process.env), [], "the process's own file: Node trusts it");
        assert.deepEqual(
          certificateSources([caFile], process.env),
          nodeCaStoreReadable() ? [caFile] : [caFile, extra],
          "with --ca-file, Node's store is the base; before 22.15 it lacks the file",
        );
        const injected = { NODE_EXTRA_CA_CERTS: '/tmp/other.pem' };
        assert.deepEqual(
          certificateSources([], injected),
          [{ file: '/tmp/other.pem', origin: 'NODE_EXTRA_CA_CERTS' }],
          'an environment naming a file this process did not start with',
        );
      } finally {
        if (started === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
        else process.env.NODE_EXTRA_CA_CERTS = started;
      }
    });
  });

  describe('HTTPS to the sandbox', () => {
    let sandbox: Sandbox;
    before(async () => {
      sandbox = await startSandbox({ tls: true });
    });
    afterEach(() => {
      sandbox.reset();
      sandbox.useCertificate('valid');
    });
    after(() => sandbox.close());

    async function whoami(
      network: NetworkOptions,
    ): Promise<{ result?: unknown; error?: SophosApiError; connections: number }> {
      const { client, transport } = clientFor(sandbox, sandbox.clients.tenantSuperAdmin, { network });
      try {
        return { result: await client.whoami(), connections: transport.connectionsOpened };
      } catch (error) {
        return { error: error as SophosApiError, connections: transport.connectionsOpened };
      } finally {
        await transport.close();
      }
    }

    it('works with the sandbox CA added to the trusted certificates', async () => {
      const trusted = await whoami({ extraCaPem: [sandbox.caPem!] });
      assert.ok(trusted.result, trusted.error?.message);
      assert.equal(trusted.connections, 2, 'one TLS connection per host');
      assert.equal(sandbox.tlsConnections.id + sandbox.tlsConnections.global, 2);
    });

    const refusals: { name: string; leaf: SandboxLeafKind; trust: boolean; reason: RegExp }[] = [
      {
        name: 'an unknown issuer',
        leaf: 'valid',
        trust: false,
        reason: /was refused: it was issued by an unknown issuer \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
      },
      {
        name: 'an expired certificate',
        leaf: 'expired',
        trust: true,
        reason: /was refused: it has expired \(CERT_HAS_EXPIRED\)/,
      },
      {
        name: 'a host name mismatch',
        leaf: 'wrongHost',
        trust: true,
        reason:
          /was refused: its host name does not match .*\(ERR_TLS_CERT_ALTNAME_INVALID\)\. Check the configured URL\./,
      },
    ];
    for (const { name, leaf, trust, reason } of refusals) {
      it(`refuses ${name} with a message naming the host, the reason and the setting`, async () => {
        sandbox.useCertificate(leaf);
        const { error } = await whoami({ extraCaPem: trust ? [sandbox.caPem!] : [], hints: editorHints });
        assert.ok(error, 'the request succeeded');
        assert.equal(error.kind, 'tls', error.message);
        assert.match(
          error.message,
          new RegExp(`^The TLS certificate of ${sandbox.idUrl.replace(/[.]/g, '\\.')} was refused`),
        );
        assert.match(error.message, reason);
        assert.match(error.message, /sophosCentral\.caCertificates\.$/);
        assert.equal(sandbox.requests.length, 0, 'no request reached the sandbox');
      });
    }
  });

  describe('through a forward proxy', () => {
    let sandbox: Sandbox;
    let tlsSandbox: Sandbox;
    let open: TestProxy;
    let guarded: TestProxy;
    const messages: string[] = [];

    before(async () => {
      [sandbox, tlsSandbox, open, guarded] = await Promise.all([
        startSandbox(),
        startSandbox({ tls: true }),
        startProxy(),
        startProxy({ credentials: { user: 'alice', password } }),
      ]);
    });
    afterEach(() => {
      sandbox.reset();
      tlsSandbox.reset();
      tlsSandbox.useCertificate('valid');
      open.connects.length = 0;
      guarded.connects.length = 0;
    });
    after(async () => {
      await Promise.all([sandbox.close(), tlsSandbox.close(), open.close(), guarded.close()]);
    });

    async function mint(target: Sandbox, network: NetworkOptions) {
      const { client, transport } = clientFor(target, target.clients.tenantSuperAdmin, { network });
      messages.push(transport.network.summary, ...transport.network.warnings);
      try {
        const created = await client.createAccessToken({ label: 'through a proxy' });
        return { created, connections: transport.connectionsOpened };
      } catch (error) {
        messages.push((error as Error).message);
        return { error: error as SophosApiError, connections: transport.connectionsOpened };
      } finally {
        await transport.close();
      }
    }

    it('tunnels plain HTTP through HTTP_PROXY, three requests on two kept-alive tunnels', async () => {
      const run = await mint(sandbox, { useEnvironment: true, env: { HTTP_PROXY: open.url } });
      assert.ok(run.created, run.error?.message);
      assert.deepEqual(requestLines(sandbox), [
        'POST id /api/v2/oauth2/token 200',
        'GET global /whoami/v1 200',
        'POST global /accounts/v1/access-tokens 201',
      ]);
      assert.deepEqual(
        open.connects.map((c) => `${c.target} ${c.status}`),
        [`${new URL(sandbox.idUrl).host} 200`, `${new URL(sandbox.apiUrl).host} 200`],
      );
      assert.equal(run.connections, 2);
      assert.equal(sandbox.connections.id + sandbox.connections.global, 2);
    });

    it('tunnels HTTPS through HTTPS_PROXY and verifies the sandbox with the extra CA', async () => {
      const run = await mint(tlsSandbox, {
        useEnvironment: true,
        env: { HTTPS_PROXY: open.url },
        extraCaPem: [tlsSandbox.caPem!],
      });
      assert.ok(run.created, run.error?.message);
      assert.equal(open.connects.length, 2);
      assert.equal(run.connections, 2);
      assert.equal(tlsSandbox.tlsConnections.id + tlsSandbox.tlsConnections.global, 2);
    });

    it('honours NO_PROXY: the request goes direct', async () => {
      const run = await mint(sandbox, { useEnvironment: true, env: { HTTP_PROXY: open.url, NO_PROXY: '127.0.0.1' } });
      assert.ok(run.created, run.error?.message);
      assert.equal(open.connects.length, 0);
      assert.equal(run.connections, 2);
    });

    it('sends credentials from the proxy URL or an authorization value', async () => {
      const fromUrl = await mint(sandbox, { proxy: { url: guarded.urlWithCredentials!, source: 'http.proxy' } });
      assert.ok(fromUrl.created, fromUrl.error?.message);
      const fromHeader = await mint(sandbox, {
        proxy: { url: guarded.url, authorization: guarded.authorization, source: 'http.proxy' },
      });
      assert.ok(fromHeader.created, fromHeader.error?.message);
      assert.ok(guarded.connects.every((c) => c.status === 200 && c.sentCredentials));
    });

    it('a 407 without credentials names the proxy and the setting', async () => {
      const run = await mint(sandbox, { proxy: { url: guarded.url, source: 'http.proxy' }, hints: editorHints });
      assert.equal(run.error?.kind, 'network');
      assert.equal(
        run.error?.message,
        `The proxy ${guarded.url} (from http.proxy) asks for credentials (HTTP 407 Proxy Authentication Required) and none are configured. ${editorHints.proxy}`,
      );
      assert.equal(sandbox.requests.length, 0);
    });

    it('a 407 with wrong credentials says they were refused, without echoing them', async () => {
      const wrong = guarded.urlWithCredentials!.replace(encodeURIComponent(password), 'wr0ng-pa55');
      const run = await mint(sandbox, {
        useEnvironment: true,
        env: { HTTP_PROXY: wrong },
        hints: { proxy: 'Put the proxy user and password in HTTPS_PROXY.' },
      });
      assert.match(
        run.error?.message ?? '',
        /^The proxy http:\/\/127\.0\.0\.1:\d+ \(from HTTP_PROXY\) refused the proxy credentials \(HTTP 407/,
      );
      assert.ok(!run.error!.message.includes('wr0ng') && !run.error!.message.includes('alice'));
    });

    it('a proxy that is not there is named as the one refusing', async () => {
      const dead = await startProxy();
      await dead.close();
      const run = await mint(sandbox, { proxy: { url: dead.url, source: 'http.proxy' }, hints: editorHints });
      assert.equal(
        run.error?.message,
        `The proxy ${dead.url} (from http.proxy) refused the connection while connecting to ${sandbox.idUrl}. ${editorHints.proxy}`,
      );
    });

    it('http.proxyStrictSSL false skips verification through the proxy only, with a warning', async () => {
      const network = resolveNetwork({ proxy: { url: open.url, strictSSL: false, source: 'http.proxy' } });
      assert.equal(network.warnings.length, 1);
      const proxied = await mint(tlsSandbox, { proxy: { url: open.url, strictSSL: false, source: 'http.proxy' } });
      assert.ok(proxied.created, proxied.error?.message);
      const direct = await mint(tlsSandbox, {
        proxy: { url: open.url, strictSSL: false, noProxy: ['127.0.0.1'], source: 'http.proxy' },
      });
      assert.equal(direct.error?.kind, 'tls', 'a direct connection is still verified');
    });

    it('a proxied TLS failure is reported like a direct one', async () => {
      tlsSandbox.useCertificate('expired');
      const run = await mint(tlsSandbox, {
        useEnvironment: true,
        env: { HTTPS_PROXY: open.url },
        extraCaPem: [tlsSandbox.caPem!],
        hints: editorHints,
      });
      assert.equal(run.error?.kind, 'tls');
      assert.match(
        run.error!.message,
        /it has expired \(CERT_HAS_EXPIRED\)\. Add the CA certificate that signs it to the setting sophosCentral\.caCertificates\./,
      );
    });

    it('never put the proxy password in a summary, warning or error', () => {
      const all = messages.join('\n');
      assert.ok(messages.length > 10, 'the check saw the runs');
      assert.ok(!all.includes(password) && !all.includes(encodeURIComponent(password)), 'the proxy password leaked');
      assert.ok(!all.includes(Buffer.from(`alice:${password}`).toString('base64')), 'the proxy authorization leaked');
    });
  });
});
