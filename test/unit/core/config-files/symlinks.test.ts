import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigEditError, refuseSymlink, writeConfigValue } from '../../../../src/core/config-files';

const token = `SLS-${'b'.repeat(30)}`;

describe('config files: symbolic links are never written through', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'sophos-symlinks-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const isSymlinkRefusal = (path: string) => (error: unknown) => {
    assert.ok(error instanceof ConfigEditError, String(error));
    assert.equal(error.kind, 'symlink');
    assert.ok(error.message.includes(path), error.message);
    assert.ok(!error.message.includes(token), 'the value is never in a message');
    return true;
  };

  it('writeConfigValue refuses a link: the link and its target stay as they were', async () => {
    const target = join(dir, 'target.env');
    const link = join(dir, '.env');
    await writeFile(target, 'KEEP=1\n', { mode: 0o644 });
    await symlink(target, link);
    await assert.rejects(writeConfigValue(link, 'SOPHOS_SLS_TOKEN', token, 'env'), isSymlinkRefusal(link));
    assert.ok((await lstat(link)).isSymbolicLink());
    assert.equal(await readlink(link), target);
    assert.equal(await readFile(target, 'utf8'), 'KEEP=1\n');
  });

  it('a dangling link is refused too (writing would create its target)', async () => {
    const link = join(dir, 'dangling.env');
    await symlink(join(dir, 'nowhere.env'), link);
    await assert.rejects(writeConfigValue(link, 'K', token, 'env'), isSymlinkRefusal(link));
    await assert.rejects(stat(join(dir, 'nowhere.env')));
  });

  it('a regular file and a new file are written as before', async () => {
    const existing = join(dir, 'app.env');
    await writeFile(existing, 'A=1\n');
    assert.deepEqual(await writeConfigValue(existing, 'K', token, 'env'), { action: 'added', created: false });
    assert.equal(await readFile(existing, 'utf8'), `A=1\nK=${token}\n`);
    const created = join(dir, 'new.env');
    assert.deepEqual(await writeConfigValue(created, 'K', token, 'env'), { action: 'added', created: true });
  });

  it('refuseSymlink names what it refused, and passes regular and missing files', async () => {
    const gitignore = join(dir, '.gitignore');
    await symlink(join(dir, 'elsewhere'), gitignore);
    await assert.rejects(
      refuseSymlink(gitignore, '.gitignore'),
      (error: unknown) =>
        error instanceof ConfigEditError && error.message.startsWith(`The .gitignore ${gitignore} is a symbolic link`),
    );
    await writeFile(join(dir, 'plain'), '');
    await refuseSymlink(join(dir, 'plain'));
    await refuseSymlink(join(dir, 'missing'));
  });
});
