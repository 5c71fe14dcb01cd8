import assert from 'node:assert/strict';
import { allowLine, hashSecret, parseAllowFile, scanText } from '../../../../src/core/scan';

const token = 'SLS-Kx7Rq2Vb9Lm4Pw8Zt3Hs6Nd1Fg5Jc0Ya2Ue7Oi4Bq9Wr3Xt';

describe('scan: silencing on purpose', () => {
  const inline: Array<[string, string, number, number]> = [
    ['a marker on the line', `T=${token} # sophos-central: allow (test fixture)\n`, 0, 1],
    ['a comment alone on the line above', `# sophos-central: allow\nT=${token}\n`, 0, 1],
    ['a // comment above, in JSON with comments', `{\n  // sophos-central: allow\n  "t": "${token}"\n}`, 0, 1],
    ['a marker two lines above does not count', `# sophos-central: allow\n\nT=${token}\n`, 1, 0],
    ['a marker after code on the line above does not count', `A=1 # sophos-central: allow\nT=${token}\n`, 1, 0],
    ['another line is not silenced', `T=${token} # sophos-central: allow\nU=${token}\n`, 1, 1],
  ];
  for (const [name, text, count, allowed] of inline) {
    it(`inline: ${name}`, () => {
      const scan = scanText(text, { path: '.env' });
      assert.equal(scan.findings.length, count);
      assert.equal(scan.allowed, allowed);
    });
  }

  it('an allow-file entry silences that value in that file only', () => {
    const { list, problems } = parseAllowFile(
      `# the sandbox's fixture token\n${allowLine(hashSecret(token), './test/fixtures/.env')}\n\nnot an entry\n`,
    );
    assert.equal(list.size, 1);
    assert.deepEqual(problems, ['.sophos-central-allow line 4: expected "<sha256> <path>"; line ignored.']);
    const text = `T=${token}\n`;
    assert.equal(scanText(text, { path: 'test/fixtures/.env', allowList: list }).findings.length, 0);
    assert.equal(scanText(text, { path: 'test/fixtures/.env', allowList: list }).allowed, 1);
    assert.equal(scanText(text, { path: 'deploy/.env', allowList: list }).findings.length, 1);
    const other = `T=${token.replace('K', 'L')}\n`;
    assert.equal(scanText(other, { path: 'test/fixtures/.env', allowList: list }).findings.length, 1);
  });

  it('an allow file holds no value', () => {
    assert.ok(!allowLine(hashSecret(token), 'a/.env').includes(token.slice(4)));
  });
});
