import assert from 'node:assert/strict';
import { chmod, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replaceInFile } from '../../../../src/core/config-files';
import { redactSecret } from '../../../../src/core/scan';
import { describePlaces, rotateToken, sameExpiryRule, type RotationTarget } from '../../../../src/core/rotation';

const day = 24 * 60 * 60 * 1000;
const oldValue = 'SLS-Old7Rq2Vb9Lm4Pw8Zt3Hs6Nd1Fg5Jc0Ya2Ue7Oi4Bq9Wr3';
const newValue = 'SLS-New3Xt8Kp1Wd6Lc9Mz2Qa5Rb7Sv4Ty0Uh3Ig8Jf1Ke6Ld2';

/** A place in memory; `fail` makes its write throw. */
function memoryTarget(name: string, text: string, fail?: string): RotationTarget & { text: string } {
  const target = {
    name,
    text,
    replace: async (from: string, to: string) => {
      if (fail) throw new Error(fail);
      target.text = target.text.split(from).join(to);
    },
    read: async () => target.text,
  };
  return target;
}

describe('rotating a token', () => {
  it('mints, keeps, writes every place, checks, and only then revokes, in that order', async () => {
    const steps: string[] = [];
    const places = [memoryTarget('a.env', `T=${oldValue}\n`), memoryTarget('b.yml', `t: ${oldValue}\n`)];
    const outcome = await rotateToken(oldValue, places, {
      mint: async () => (steps.push('mint'), { id: 'new-id', value: newValue }),
      keep: async () => void steps.push('keep'),
      revokeOld: async () => void steps.push('revoke'),
      onWritten: (target) => void steps.push(`wrote ${target.name}`),
    });
    assert.deepEqual(steps, ['mint', 'keep', 'wrote a.env', 'wrote b.yml', 'revoke']);
    assert.equal(outcome.revoked, true);
    assert.deepEqual(
      places.map((place) => place.text),
      [`T=${newValue}\n`, `t: ${newValue}\n`],
    );
  });

  it('revokes nothing when a place fails, tries the others, and names what each holds by redacted form', async () => {
    let revoked = false;
    const outcome = await rotateToken(
      oldValue,
      [
        memoryTarget('a.env', oldValue),
        memoryTarget('b.yml', oldValue, 'b.yml is read-only.'),
        memoryTarget('c.json', oldValue),
      ],
      {
        mint: async () => ({ id: 'n', value: newValue }),
        keep: async () => undefined,
        revokeOld: async () => void (revoked = true),
      },
    );
    assert.equal(revoked, false);
    assert.equal(outcome.revoked, false);
    assert.deepEqual(describePlaces(outcome), [
      `a.env holds the new token ${redactSecret(newValue)}`,
      `b.yml holds the old token ${redactSecret(oldValue)} (b.yml is read-only.)`,
      `c.json holds the new token ${redactSecret(newValue)}`,
    ]);
    assert.ok(!JSON.stringify(outcome).includes(newValue) && !JSON.stringify(outcome).includes(oldValue));
  });

  it('does not go on when the new token cannot be kept', async () => {
    let written = false;
    await assert.rejects(
      rotateToken(oldValue, [{ name: 'a', replace: async () => void (written = true), read: async () => '' }], {
        mint: async () => ({ id: 'n', value: newValue }),
        keep: async () => {
          throw new Error('SecretStorage refused');
        },
        revokeOld: async () => assert.fail('revoked'),
      }),
      /SecretStorage refused/,
    );
    assert.equal(written, false);
  });

  it('reports a failed revoke with every place on the new token', async () => {
    const outcome = await rotateToken(oldValue, [memoryTarget('a.env', oldValue)], {
      mint: async () => ({ id: 'n', value: newValue }),
      keep: async () => undefined,
      revokeOld: async () => {
        throw new Error('503');
      },
    });
    assert.equal(outcome.revoked, false);
    assert.equal(outcome.failure, 'revoking the old token failed: 503');
    assert.equal(outcome.places[0].holds, 'new');
  });

  it('keeps the expiry rule: the same lifetime from now, none for none', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    const ninety = {
      createdAt: '2026-01-01T00:00:00Z',
      expiresAt: new Date(Date.parse('2026-01-01T00:00:00Z') + 90 * day).toISOString(),
    };
    assert.equal(sameExpiryRule(ninety, now), new Date(now + 90 * day).toISOString());
    assert.equal(sameExpiryRule({ createdAt: '2026-01-01T00:00:00Z' }, now), undefined);
    assert.equal(sameExpiryRule({ createdAt: '2026-01-01T00:00:00Z', expiresAt: null }, now), undefined);
    assert.equal(sameExpiryRule({ expiresAt: '2027-06-30T00:00:00.000Z' }, now), '2027-06-30T00:00:00.000Z');
  });
});

describe('replacing a value in a file', () => {
  let folder: string;
  beforeEach(async () => (folder = await mkdtemp(join(tmpdir(), 'sophos-replace-'))));
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('changes the value only, keeps the mode, and refuses read-only files and links', async () => {
    const file = join(folder, '.env');
    await writeFile(file, `# keep\r\nA=${oldValue}\r\nB=${oldValue}\r\n`, { mode: 0o640 });
    assert.equal(await replaceInFile(file, oldValue, newValue), 2);
    assert.equal(await readFile(file, 'utf8'), `# keep\r\nA=${newValue}\r\nB=${newValue}\r\n`);
    assert.equal((await stat(file)).mode & 0o777, 0o640);
    await chmod(file, 0o444);
    await assert.rejects(replaceInFile(file, newValue, oldValue), /is read-only/);
    assert.ok((await readFile(file, 'utf8')).includes(newValue));
    await symlink(file, join(folder, 'link.env'));
    await assert.rejects(replaceInFile(join(folder, 'link.env'), newValue, oldValue), /symbolic link/);
  });
});
