/**
 * A repository's own .git/config must not make the exposure check run a program: core.fsmonitor names one that
 * git runs on `ls-files` and `check-ignore`. The same repository proves the hook does run under plain git.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigEditError } from '../../../../src/core/config-files';
import { gitExposure, trackedByGit, writableGitignorePath } from '../../../../src/extension/config-files/git-exposure';

const gitAvailable = (() => {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe('git exposure in a hostile repository', function () {
  let repo: string;
  let marker: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: repo, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });

  before(function () {
    if (!gitAvailable || process.platform === 'win32') this.skip();
  });
  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), 'sophos-git-'));
    marker = join(repo, 'marker');
    git('init', '-q', '.');
    await writeFile(join(repo, 'tracked.env'), 'A=1\n');
    git('add', 'tracked.env');
    git('-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-qm', 'init');
    const hook = join(repo, 'fsmonitor.sh');
    await writeFile(hook, `#!/bin/sh\necho ran >> '${marker}'\nexit 1\n`);
    await chmod(hook, 0o755);
    git('config', 'core.fsmonitor', hook);
    git('config', 'core.hooksPath', repo);
  });
  afterEach(() => rm(repo, { recursive: true, force: true }));

  it('plain git runs the configured fsmonitor program (so the next test can fail)', () => {
    git('ls-files', '--error-unmatch', '--', 'tracked.env');
    assert.ok(existsSync(marker));
  });

  it('gitExposure runs none of it, and still answers', async () => {
    const tracked = await gitExposure(join(repo, 'tracked.env'));
    assert.equal(tracked?.tracked, true);
    const untracked = await gitExposure(join(repo, 'new.env'));
    assert.equal(untracked?.tracked, false);
    assert.equal(existsSync(marker), false, "the repository's fsmonitor program ran");
  });

  it('trackedByGit: tracked, untracked, or no answer outside a repository, running none of it', async () => {
    assert.equal(await trackedByGit(join(repo, 'tracked.env')), true);
    assert.equal(await trackedByGit(join(repo, 'new.env')), false);
    const outside = await mkdtemp(join(tmpdir(), 'sophos-no-git-'));
    try {
      assert.equal(await trackedByGit(join(outside, 'a.env')), undefined);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
    assert.equal(existsSync(marker), false, "the repository's fsmonitor program ran");
  });

  it('reports a symlinked .gitignore and refuses to hand it out for writing', async () => {
    await symlink(join(tmpdir(), 'somebody-elses-gitignore'), join(repo, '.gitignore'));
    const exposure = await gitExposure(join(repo, 'new.env'));
    assert.equal(exposure?.gitignoreIsSymlink, true);
    await assert.rejects(
      writableGitignorePath(exposure!),
      (error: unknown) =>
        error instanceof ConfigEditError &&
        error.kind === 'symlink' &&
        /\.gitignore .* is a symbolic link/.test(error.message),
    );
  });

  it('hands out a regular .gitignore', async () => {
    await writeFile(join(repo, '.gitignore'), 'node_modules\n');
    const exposure = await gitExposure(join(repo, 'new.env'));
    assert.equal(exposure?.gitignoreIsSymlink, false);
    assert.equal(await writableGitignorePath(exposure!), join(repo, '.gitignore'));
  });
});
