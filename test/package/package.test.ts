/**
 * The standalone CLI package as a user gets it: `npm pack` of packages/cli, `npm install -g` of the tarball into
 * a temporary prefix (from the local cache when it has the packages), then the installed `sophos-central` runs.
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSandbox, type Sandbox } from '../../src/sandbox/server';

describe('the sophos-central package', function () {
  this.timeout(180_000);
  let work: string;
  let installed: string;
  let sandbox: Sandbox;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'sophos-cli-package-'));
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
      cwd: resolve('packages/cli'),
      encoding: 'utf8',
    }).trim();
    const prefix = join(work, 'prefix');
    execFileSync(
      'npm',
      ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball)],
      { stdio: 'ignore' },
    );
    installed = join(prefix, 'bin', 'sophos-central');
    sandbox = await startSandbox();
  });
  after(async () => {
    await sandbox?.close();
    rmSync(work, { recursive: true, force: true });
  });

  function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((done) =>
      execFile(installed, args, { env: { PATH: process.env.PATH, HOME: work, ...env } }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
  }

  it('depends on the keyring alone: everything else is in its bundle', () => {
    const manifest = JSON.parse(readFileSync('packages/cli/package.json', 'utf8'));
    assert.deepEqual(Object.keys(manifest.dependencies), ['@napi-rs/keyring']);
    const bundle = readFileSync(
      join(installed, '..', '..', 'lib', 'node_modules', manifest.name, 'dist', 'cli.js'),
      'utf8',
    );
    assert.ok(!/require\("(undici|zod|yaml|jsonc-parser)[/"]/.test(bundle), 'a library is required at run time');
  });

  it('installs a working sophos-central: --help', async () => {
    const { code, stdout } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /^Usage: sophos-central/);
    assert.match(stdout, /auth login/);
  });

  it('mints an SLS token against the sandbox', async () => {
    const credential = sandbox.clients.tenantSuperAdmin;
    const { code, stdout, stderr } = await run(['sls-token', 'create', '--label', 'Installed'], {
      SOPHOS_ID_URL: sandbox.idUrl,
      SOPHOS_API_URL: sandbox.apiUrl,
      SOPHOS_CLIENT_ID: credential.clientId,
      SOPHOS_CLIENT_SECRET: credential.clientSecret,
    });
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^SLS-[A-Za-z0-9_-]+\n$/);
    assert.deepEqual(
      sandbox.requests.map((request) => `${request.method} ${request.path.split('?')[0]}`),
      ['POST /api/v2/oauth2/token', 'GET /whoami/v1', 'POST /accounts/v1/access-tokens'],
    );
  });
});
