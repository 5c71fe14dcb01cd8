/**
 * The CLI against a hostile environment: a URL that would carry the secret in clear text, a server whose text
 * holds terminal control sequences, a --write target that is a symbolic link.
 */
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HttpTransport } from '../../../src/core/api';
import { runCliInProcess, type CliRun } from '../../support/cli';
import { hostileText, startSandbox, type FaultRule, type Sandbox } from '../../../src/sandbox/server';

/** ESC, BEL, any other C0 control but newline and tab, DEL, C1 (U+009B is a one-byte CSI), and raw bidi overrides. */
const terminalControls = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A transport that fails the test if the CLI sends anything. */
const noRequests: HttpTransport = {
  connectionsOpened: 0,
  send: () => Promise.reject(new Error('a request was made')),
  close: async () => undefined,
};

describe('sophos-central CLI: secrets over plain http, hostile server text, symbolic links', () => {
  let sandbox: Sandbox;
  let workdir: string;

  before(async () => {
    sandbox = await startSandbox();
    workdir = await mkdtemp(join(tmpdir(), 'sophos-cli-security-'));
  });
  afterEach(() => sandbox.reset());
  after(async () => {
    await sandbox.close();
    await rm(workdir, { recursive: true, force: true });
  });

  function environment(credential = sandbox.clients.tenantSuperAdmin): NodeJS.ProcessEnv {
    return {
      SOPHOS_ID_URL: sandbox.idUrl,
      SOPHOS_API_URL: sandbox.apiUrl,
      SOPHOS_CLIENT_ID: credential.clientId,
      SOPHOS_CLIENT_SECRET: credential.clientSecret,
    };
  }

  describe('plain http only to this machine', () => {
    const refused: { name: string; argv: string[]; env: NodeJS.ProcessEnv; says: RegExp }[] = [
      {
        name: 'SOPHOS_ID_URL over http to another host',
        argv: ['whoami'],
        env: { SOPHOS_ID_URL: 'http://id.example.com' },
        says: /Sophos ID URL \(SOPHOS_ID_URL\) is refused: http:\/\/id\.example\.com is plain http to another machine, so the Client Secret or bearer token sent to it would cross the network in clear text\. Use https:\/\//,
      },
      {
        name: 'SOPHOS_API_URL over http to another host',
        argv: ['whoami'],
        env: { SOPHOS_API_URL: 'http://10.0.0.8:8080/' },
        says: /API URL \(SOPHOS_API_URL\) is refused: http:\/\/10\.0\.0\.8:8080 is plain http/,
      },
      {
        name: '--id-url over http to another host (the flag is named)',
        argv: ['--id-url', 'http://evil.example', 'whoami'],
        env: {},
        says: /Sophos ID URL \(--id-url\) is refused: http:\/\/evil\.example is plain http/,
      },
      {
        name: '--api-url over http to a name that only looks local',
        argv: ['--api-url', 'http://localhost.evil.example', 'sls-token', 'list'],
        env: {},
        says: /API URL \(--api-url\) is refused/,
      },
      {
        name: 'an address next to loopback',
        argv: ['whoami'],
        env: { SOPHOS_ID_URL: 'http://128.0.0.1' },
        says: /is plain http to another machine/,
      },
    ];
    for (const c of refused) {
      it(`exits 2 before any request on ${c.name}`, async () => {
        const run = await runCliInProcess(c.argv, { ...environment(), ...c.env }, { transport: noRequests });
        assert.equal(run.code, 2, run.stderr);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /^error: /);
        assert.match(run.stderr, c.says);
        assert.ok(!run.stderr.includes(sandbox.clients.tenantSuperAdmin.clientSecret));
      });
    }

    it('accepts http to 127.0.0.1 (the sandbox)', async () => {
      const run = await runCliInProcess(['whoami'], environment());
      assert.equal(run.code, 0, run.stderr);
    });
  });

  describe('control characters from the server never reach the terminal', () => {
    const hostile = (rule: FaultRule) => sandbox.injectFault({ times: Infinity, ...rule });

    async function both(argv: string[], env: NodeJS.ProcessEnv): Promise<{ text: CliRun; json: CliRun }> {
      return { text: await runCliInProcess(argv, env), json: await runCliInProcess(['--json', ...argv], env) };
    }

    function assertClean(run: CliRun): void {
      assert.doesNotMatch(run.stdout, terminalControls, JSON.stringify(run.stdout));
      assert.doesNotMatch(run.stderr, terminalControls, JSON.stringify(run.stderr));
    }

    it('tenant names, in the table and in JSON (escaped there, not lost)', async () => {
      hostile({ match: { path: '/partner/v1/tenants' }, fault: { type: 'hostileText' } });
      const { text, json } = await both(['tenants'], environment(sandbox.clients.partner));
      assert.equal(text.code, 0, text.stderr);
      assert.match(text.stdout, /\[Open the Sophos fix\]\(command:workbench/, 'the name is shown, as text');
      assert.match(text.stdout, /<U\+202E>txt\.exe/, 'the override is shown, not obeyed');
      assertClean(text);
      assert.equal(json.code, 0, json.stderr);
      assertClean(json);
      assert.match(
        json.stdout,
        /\\u001b\]52;c;cHduZWQK\\u0007\\u009b2J\\u202etxt\.exe/,
        'C0, C1 and bidi escaped as \\u',
      );
      const tenants = JSON.parse(json.stdout) as { name: string }[];
      assert.ok(
        tenants.every((tenant) => tenant.name.endsWith(hostileText)),
        'the JSON still carries the exact value',
      );
    });

    it('token labels (refused on arrival or cleaned here, never printed raw)', async () => {
      const created = await runCliInProcess(['sls-token', 'create', '--label', 'Labelled'], environment());
      assert.equal(created.code, 0, created.stderr);
      hostile({ match: { method: 'GET', path: '/accounts/v1/access-tokens' }, fault: { type: 'hostileText' } });
      const { text, json } = await both(['sls-token', 'list'], environment());
      assert.equal(text.code, 0, text.stderr);
      assert.equal(json.code, 0, json.stderr);
      assertClean(text);
      assertClean(json);
    });

    it("the server's error message, quoted on one error line", async () => {
      // A 400 is a refusal whose reason the server's message gives: it is quoted.
      hostile({ match: { path: '/whoami' }, fault: { type: 'hostileText', status: 400 } });
      const run = await runCliInProcess(['whoami'], environment());
      assert.notEqual(run.code, 0, run.stderr);
      assert.match(run.stderr, /Open the Sophos fix/, 'the server text was quoted');
      assertClean(run);
      assert.equal(run.stderr.trimEnd().split('\n').length, 1, 'one line');
    });
  });

  describe('--write into a symbolic link', () => {
    it('is refused before minting, naming the link; the link and its target are unchanged', async () => {
      const target = join(workdir, 'outside.env');
      const link = join(workdir, 'linked.env');
      await writeFile(target, 'OTHER=1\n');
      await symlink(target, link);
      const before = sandbox.requests.length;
      const run = await runCliInProcess(['sls-token', 'create', '--label', 'x', '--write', link], environment());
      assert.equal(run.code, 2, run.stderr);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /^error: The file .*linked\.env is a symbolic link: writing through it would change the file it points to\./,
      );
      assert.equal(sandbox.requests.length, before, 'no request: no token minted');
      assert.ok((await lstat(link)).isSymbolicLink(), 'still a link');
      assert.equal(await readlink(link), target);
      assert.equal(await readFile(target, 'utf8'), 'OTHER=1\n');
    });
  });
});
