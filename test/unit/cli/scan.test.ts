/**
 * `sophos-central scan` against a fixture repository made in a temp folder: tracked, untracked, ignored,
 * staged and unstaged files, binary and oversized files, a symbolic link, an allow file and inline markers.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { allowLine, hashSecret } from '../../../src/core/scan';
import { runBundledCli, runCliInProcess, type CliRun } from '../../support/cli';

const slsToken = () => `SLS-${randomBytes(36).toString('base64url')}`;
const clientId = '0a7f9c17-3d55-4ab4-810e-254a16986ae7';

describe('sophos-central scan', function () {
  this.timeout(30_000);
  let repo: string;
  let outside: string;
  const values = {
    tracked: slsToken(),
    untracked: slsToken(),
    ignored: slsToken(),
    allowed: slsToken(),
    inline: slsToken(),
    binary: slsToken(),
    large: slsToken(),
    outside: slsToken(),
    stagedOnly: slsToken(),
    unstaged: slsToken(),
    clientSecret: randomBytes(32).toString('hex'),
  };
  const printed: string[] = [];

  // The fixture's own set-up switches the hostile monitor off; only the scan's git calls meet it.
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'core.fsmonitor=false', ...args], {
      cwd: repo,
      stdio: 'pipe',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    });
  const put = async (path: string, text: string | Buffer) => {
    await mkdir(dirname(join(repo, path)), { recursive: true });
    await writeFile(join(repo, path), text);
  };
  async function scan(argv: string[], cwd = repo): Promise<CliRun> {
    const run = await runCliInProcess(['scan', ...argv], {}, { cwd });
    printed.push(run.stdout, run.stderr);
    return run;
  }
  const pathsIn = (run: CliRun) => (JSON.parse(run.stdout).findings as Array<{ path: string }>).map((f) => f.path);

  before(async () => {
    repo = await mkdtemp(join(tmpdir(), 'sophos-scan-'));
    outside = await mkdtemp(join(tmpdir(), 'sophos-scan-outside-'));
    git('init', '-q');
    git('config', 'user.email', 'dev@example.com');
    git('config', 'user.name', 'Dev');
    // A hostile repository: git must not run this while scanning.
    await writeFile(join(outside, 'monitor.sh'), `#!/bin/sh\ntouch ${join(outside, 'ran')}\n`, { mode: 0o755 });
    git('config', 'core.fsmonitor', join(outside, 'monitor.sh'));
    await put('.gitignore', 'secrets.local.env\n');
    await put('deploy/.env', `SOPHOS_SLS_TOKEN=${values.tracked}\n`);
    await put('app.yaml', 'name: app\n');
    await put(
      'README.md',
      `SOPHOS_CLIENT_ID=${clientId}\nSOPHOS_CLIENT_SECRET=your-client-secret\nSLS-xxxxxxxxxxxxxxxxxxxxxxxx\n`,
    );
    await put('package-lock.json', `{"integrity": "${slsToken()}"}\n`);
    await put('test/fixture.env', `T=${values.allowed}\n`);
    await put('test/inline.env', `T=${values.inline} # sophos-central: allow\n`);
    await put(
      '.sophos-central-allow',
      `# the fixture's token\n${allowLine(hashSecret(values.allowed), 'test/fixture.env')}\n`,
    );
    await put('logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.from(values.binary)]));
    await put('big.log', `${'x'.repeat(1_000_001)}\n${values.large}\n`);
    await writeFile(join(outside, 'secret.env'), `T=${values.outside}\n`);
    await symlink(join(outside, 'secret.env'), join(repo, 'link.env'));
    git('add', '.');
    git('commit', '-q', '-m', 'fixture');
    // After the commit: untracked, ignored, staged-then-removed, and an unstaged change.
    await put('config.ini', `[login]\nclient_id = ${clientId}\nclient_secret = ${values.clientSecret}\n`);
    await put('secrets.local.env', `T=${values.ignored}\n`);
    await put('staged.env', `T=${values.stagedOnly}\n`);
    git('add', 'staged.env');
    await put('staged.env', 'T=${SOPHOS_SLS_TOKEN}\n'); // fixed on disk, not re-added: the commit would still hold it
    await put('app.yaml', `name: app\ntoken: ${values.unstaged}\n`);
  });
  after(async () => {
    await rm(repo, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('scans what git would carry: tracked and untracked files, not ignored ones, links, binaries or big files', async () => {
    const run = await scan(['--format', 'json']);
    assert.equal(run.code, 1);
    assert.deepEqual(pathsIn(run), ['app.yaml', 'config.ini', 'deploy/.env']);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.skipped, { tooLarge: 1, notRegular: 1, unreadable: 0, binary: 1 });
    assert.equal(report.allowed, 2);
    const secret = report.findings.find((finding: { path: string }) => finding.path === 'config.ini');
    assert.deepEqual([secret.kind, secret.key, secret.line, secret.column], ['client-secret', 'client_secret', 3, 17]);
    assert.equal(secret.allowLine, `${hashSecret(values.clientSecret)} config.ini`);
    assert.match(
      run.stderr,
      /^3 secrets in 3 files \(\d+ files scanned, 2 allowed; skipped: 1 binary, 1 over 1 MB, 1 links or submodules\)\.\n$/,
    );
  });

  it('--all reads ignored files too', async () => {
    const run = await scan(['--all', '--format', 'json']);
    assert.equal(run.code, 1);
    assert.deepEqual(pathsIn(run), ['app.yaml', 'config.ini', 'deploy/.env', 'secrets.local.env']);
  });

  it('--staged reads the index: a value staged then fixed on disk counts, an unstaged change does not', async () => {
    const run = await scan(['--staged', '--format', 'json']);
    assert.equal(run.code, 1);
    assert.deepEqual(pathsIn(run), ['staged.env']);
    git('add', 'staged.env');
    const clean = await scan(['--staged']);
    assert.equal(clean.code, 0);
    assert.equal(clean.stdout, '');
    assert.match(clean.stderr, /^No secrets found \(1 files scanned\)\.\n$/);
  });

  it('takes paths, relative to where it runs, and reads a named ignored file', async () => {
    const deploy = await scan(['--format', 'json'], join(repo, 'deploy'));
    assert.deepEqual(pathsIn(deploy), ['deploy/.env']);
    const named = await scan(['secrets.local.env', 'README.md', '--format', 'json']);
    assert.deepEqual(pathsIn(named), ['secrets.local.env']);
    const clean = await scan(['README.md', 'package-lock.json', 'test']);
    assert.equal(clean.code, 0);
  });

  it('prints file:line:column, the kind and the allow line in text', async () => {
    const run = await scan(['deploy']);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, `deploy/.env:1:18: SLS token\n  to allow: ${hashSecret(values.tracked)} deploy/.env\n`);
  });

  it('writes SARIF 2.1.0 for code scanning', async () => {
    const run = await scan(['--format', 'sarif', 'config.ini', 'deploy']);
    assert.equal(run.code, 1);
    const sarif = JSON.parse(run.stdout);
    assert.equal(sarif.version, '2.1.0');
    const [only] = sarif.runs;
    assert.equal(only.tool.driver.name, 'sophos-central');
    assert.deepEqual(
      only.results.map((result: { ruleId: string }) => result.ruleId),
      ['sophos-central/client-secret', 'sophos-central/sls-token'],
    );
    const [first] = only.results;
    assert.equal(only.tool.driver.rules[first.ruleIndex].id, first.ruleId);
    assert.deepEqual(first.locations[0].physicalLocation, {
      artifactLocation: { uri: 'config.ini', uriBaseId: '%SRCROOT%' },
      region: { startLine: 3, startColumn: 17, endLine: 3, endColumn: 17 + values.clientSecret.length },
    });
    assert.equal(first.partialFingerprints['secretSha256/v1'], hashSecret(values.clientSecret));
  });

  it('exits 2 on usage: an unknown format, a missing path, --staged outside a repository', async () => {
    assert.equal((await scan(['--format', 'xml'])).code, 2);
    const missing = await scan(['no-such-file']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no-such-file does not exist/);
    const notRepo = await scan(['--staged'], outside);
    assert.equal(notRepo.code, 2);
    assert.match(notRepo.stderr, /--staged needs a git repository/);
    assert.equal((await scan(['--staged', '--all'])).code, 2);
  });

  it('scans a folder that is not a repository, file by file', async () => {
    const run = await scan(['--format', 'json'], outside);
    assert.deepEqual(pathsIn(run), ['secret.env']);
  });

  it('runs as its own process with the same exit code', async () => {
    const run = await runBundledCli(['scan', 'deploy'], {}, repo);
    printed.push(run.stdout, run.stderr);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^deploy\/\.env:1:18: SLS token\n/);
  });

  it("never ran the repository's fsmonitor and never printed a value", () => {
    assert.equal(existsSync(join(outside, 'ran')), false);
    const output = printed.join('');
    for (const [name, value] of Object.entries(values)) assert.ok(!output.includes(value), name);
  });
});
