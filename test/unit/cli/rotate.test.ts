/**
 * `sophos-central sls-token rotate` against the sandbox: three files in three formats, a file made read-only
 * halfway (nothing revoked, the files named with the token each holds), and the checks that refuse before
 * anything is minted.
 */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/cli';
import { redactSecret } from '../../../src/core/scan';
import { startSandbox, type Sandbox } from '../../../src/sandbox/server';
import { instantRetries } from '../../support/api';
import { runCliInProcess, type CliRun } from '../../support/cli';

const day = 24 * 60 * 60 * 1000;

describe('sophos-central sls-token rotate', () => {
  let sandbox: Sandbox;
  let folder: string;
  const printed: string[] = [];

  before(async () => {
    sandbox = await startSandbox();
  });
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sophos-rotate-'));
  });
  afterEach(async () => {
    sandbox.reset();
    await rm(folder, { recursive: true, force: true });
  });
  after(async () => {
    await sandbox.close();
    assert.ok(printed.length > 0);
  });

  const environment = (): NodeJS.ProcessEnv => ({
    SOPHOS_ID_URL: sandbox.idUrl,
    SOPHOS_API_URL: sandbox.apiUrl,
    SOPHOS_CLIENT_ID: sandbox.clients.tenantSuperAdmin.clientId,
    SOPHOS_CLIENT_SECRET: sandbox.clients.tenantSuperAdmin.clientSecret,
  });

  /** The CLI in-process; `onStderr` sees each line as it is printed (to act halfway). */
  async function cli(
    argv: string[],
    options: { stdin?: string; onStderr?: (line: string) => Promise<void> | void } = {},
  ): Promise<CliRun> {
    if (!options.onStderr) {
      const run = await runCliInProcess(argv, environment(), { stdin: options.stdin, cwd: folder });
      printed.push(run.stdout, run.stderr);
      return run;
    }
    let stdout = '';
    let stderr = '';
    const pending: Array<Promise<void> | void> = [];
    const code = await runCli({
      argv,
      env: environment(),
      stdout: (text) => void (stdout += text),
      stderr: (text) => {
        stderr += text;
        pending.push(options.onStderr!(text));
      },
      readStdin: async () => options.stdin ?? '',
      retryEnvironment: instantRetries(),
      cwd: folder,
    });
    await Promise.all(pending);
    printed.push(stdout, stderr);
    return { code, stdout, stderr };
  }

  async function mint(label: string, days: number): Promise<{ id: string; value: string }> {
    const run = await cli([
      '--json',
      'sls-token',
      'create',
      '--label',
      label,
      '--expires-at',
      new Date(Date.now() + days * day).toISOString(),
    ]);
    assert.equal(run.code, 0, run.stderr);
    const { id, token } = JSON.parse(run.stdout);
    return { id, value: token };
  }

  async function listed(): Promise<Array<{ id: string; label?: string; expiresAt?: string }>> {
    return JSON.parse((await cli(['--json', 'sls-token', 'list'])).stdout);
  }

  async function threeFiles(value: string): Promise<string[]> {
    await writeFile(join(folder, '.env'), `# deploy\nREGION=eu\nSOPHOS_SLS_TOKEN=${value}\n`);
    await writeFile(join(folder, 'all.yml'), `sophos:\n  sls_token: "${value}"  # rotated by hand before\n`);
    await writeFile(join(folder, 'settings.json'), `{\n  // the sensor\n  "token": "${value}",\n}\n`);
    return ['.env', 'all.yml', 'settings.json'];
  }

  const contents = (file: string) => readFile(join(folder, file), 'utf8');

  it('puts a new token with the same label and expiry rule in every file, checks them, then revokes the old one', async () => {
    const old = await mint('Deploy', 90);
    const files = await threeFiles(old.value);
    const before = await Promise.all(files.map(contents));
    const run = await cli(['sls-token', 'rotate', old.id, '--in', ...files]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stdout,
      /^Rotated access token [0-9a-f-]+: the new token [0-9a-f-]+ \("Deploy"\) is in 3 files, and the old one was revoked\.\n$/,
    );
    const tokens = await listed();
    assert.ok(!tokens.some((token) => token.id === old.id), 'the old token is revoked');
    const [fresh] = tokens.filter((token) => token.label === 'Deploy');
    assert.ok(fresh, 'the new token carries the label');
    assert.ok(Math.abs(Date.parse(fresh.expiresAt!) - (Date.now() + 90 * day)) < day, fresh.expiresAt);
    // Each file changed in the value only: everything around it is as it was.
    const newValue = /SOPHOS_SLS_TOKEN=(SLS-\S+)/.exec(await contents('.env'))![1];
    assert.notEqual(newValue, old.value);
    for (const [index, file] of files.entries())
      assert.equal(await contents(file), before[index].replace(old.value, newValue));
    assert.ok(!run.stdout.includes(newValue) && !run.stderr.includes(newValue));
  });

  it('revokes nothing when a file turns read-only halfway, and says which file holds which token', async () => {
    const old = await mint('Halfway', 30);
    const files = await threeFiles(old.value);
    const run = await cli(['sls-token', 'rotate', old.id, '--in', '.env', 'all.yml', 'settings.json'], {
      onStderr: async (line) => {
        if (line.startsWith('Wrote the new token to .env')) await chmod(join(folder, 'all.yml'), 0o444);
      },
    });
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '', 'the new value is in two files: not printed');
    const tokens = await listed();
    assert.ok(
      tokens.some((token) => token.id === old.id),
      'the old token is still valid',
    );
    const fresh = tokens.find((token) => token.label === 'Halfway' && token.id !== old.id);
    assert.ok(fresh, 'the new token was kept');
    assert.ok((await contents('all.yml')).includes(old.value));
    const newValue = /SOPHOS_SLS_TOKEN=(SLS-\S+)/.exec(await contents('.env'))![1];
    assert.ok((await contents('settings.json')).includes(newValue));
    assert.match(run.stderr, /error: Nothing was revoked: both tokens are valid/);
    assert.ok(run.stderr.includes(`.env holds the new token ${redactSecret(newValue)}`), run.stderr);
    assert.ok(
      run.stderr.includes(`all.yml holds the old token ${redactSecret(old.value)} (all.yml is read-only.`),
      run.stderr,
    );
    assert.ok(run.stderr.includes(`settings.json holds the new token ${redactSecret(newValue)}`), run.stderr);
    assert.ok(!files.some((file) => run.stderr.includes(`${file} holds neither`)));
  });

  it('refuses before minting: a read-only file, a file without the token, two different tokens, an unknown id', async () => {
    const old = await mint('Checks', 30);
    await threeFiles(old.value);
    const count = (await listed()).length;
    await chmod(join(folder, 'all.yml'), 0o444);
    const readOnly = await cli(['sls-token', 'rotate', old.id, '--in', '.env', 'all.yml']);
    assert.equal(readOnly.code, 2);
    assert.match(readOnly.stderr, /all\.yml is read-only\. .*Nothing was minted\./);
    await writeFile(join(folder, 'other.env'), 'A=1\n');
    const without = await cli(['sls-token', 'rotate', old.id, '--in', '.env', 'other.env']);
    assert.equal(without.code, 2);
    assert.match(without.stderr, /other\.env does not hold the token to replace/);
    const another = await mint('Another', 30);
    await writeFile(join(folder, 'other.env'), `A=${another.value}\n`);
    const two = await cli(['sls-token', 'rotate', old.id, '--in', '.env', 'other.env']);
    assert.equal(two.code, 2);
    assert.match(two.stderr, /2 different SLS tokens .*--old-token-stdin/);
    const unknown = await cli(['sls-token', 'rotate', '5e0e5b43-0a5c-4a8e-8f24-1d2a3b4c5d6e', '--in', '.env']);
    assert.equal(unknown.code, 6);
    assert.equal((await listed()).length, count + 1, 'only the second test token was minted');
  });

  it('takes the old value from stdin when the files hold several tokens', async () => {
    const old = await mint('Stdin', 30);
    const other = await mint('Other', 30);
    await writeFile(join(folder, 'both.env'), `A=${old.value}\nB=${other.value}\n`);
    const run = await cli(['sls-token', 'rotate', old.id, '--in', 'both.env', '--old-token-stdin'], {
      stdin: `${old.value}\n`,
    });
    assert.equal(run.code, 0, run.stderr);
    const text = await contents('both.env');
    assert.ok(!text.includes(old.value) && text.includes(`B=${other.value}`));
  });

  it('never printed a token value', async () => {
    const output = printed.join('');
    const values = sandbox.issuedSecrets().filter((secret) => secret.startsWith('SLS-'));
    assert.ok(values.length >= 6);
    for (const value of values) assert.ok(!output.includes(value) || isMintOutput(value), redactSecret(value));
  });

  /** The set-up mints with --json, which prints the value by design; rotate itself never does. */
  function isMintOutput(value: string): boolean {
    return printed.some((text) => text.includes(`"token": "${value}"`));
  }
});
