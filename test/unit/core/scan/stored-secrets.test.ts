import assert from 'node:assert/strict';
import { candidateSpans, hashSecret, scanText, SecretHashes } from '../../../../src/core/scan';

const token = `SLS-${'Ab3'.repeat(16)}`; // 48 characters after the prefix, like Sophos' and the sandbox's
const secret = 'f3a9c1d2e4b5a6978812aa34bc56de78';

describe('scan: secrets this extension keeps, by hash', () => {
  it('splits candidates at whitespace, quotes, = and :', () => {
    const text = `a=b "c" 'd':e\tf\ng`;
    assert.deepEqual(
      candidateSpans(text).map(([start, end]) => text.slice(start, end)),
      ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
    );
  });

  const storedCases: Array<[string, string, string[]]> = [
    ['an .env value', `CLIENT_SECRET=${secret}\n`, [secret]],
    ['a JSON string', `{"secret": "${secret}"}`, [secret]],
    ['a YAML value', `secret: ${secret} # comment`, [secret]],
    ['a shell export', `export S='${secret}'`, [secret]],
    ['twice', `${secret}\n${secret}`, [secret, secret]],
    ['a longer word holding it: no match', `x${secret}`, []],
    ['a different value of the same length', secret.replace('f', 'e'), []],
  ];
  for (const [name, text, expected] of storedCases) {
    it(`matches a stored secret by its hash: ${name}`, () => {
      const hashes = new SecretHashes<string>();
      hashes.add(secret, 'client secret of Acme');
      const { findings } = scanText(text, { hashes });
      assert.deepEqual(
        findings.map((finding) => text.slice(finding.start, finding.end)),
        expected,
      );
      for (const finding of findings) {
        assert.equal(finding.kind, 'stored-secret');
        assert.equal(finding.stored, 'client secret of Acme');
      }
    });
  }

  it('reports a stored token once, as the stored one, and other SLS tokens as such, in order', () => {
    const other = `SLS-${'zq8'.repeat(16)}`;
    const hashes = new SecretHashes<string>();
    hashes.add(token, 'token "CI"');
    const text = `A=${other}\nB=${token}\n`;
    assert.deepEqual(
      scanText(text, { hashes }).findings.map((finding) => [finding.kind, text.slice(finding.start, finding.end)]),
      [
        ['sls-token', other],
        ['stored-secret', token],
      ],
    );
  });

  it('finds a stored secret even in a lock file, where the shape rules stay quiet', () => {
    const hashes = new SecretHashes<string>();
    hashes.add(secret, 'npm token');
    const text = `"resolved": "https://registry.example/x/-/x-1.0.0.tgz?auth=${secret}",\n"note": "${token}"\n`;
    const { findings } = scanText(text, { path: 'package-lock.json', hashes });
    assert.deepEqual(
      findings.map((finding) => finding.kind),
      ['stored-secret'],
    );
  });

  it('keeps only hashes, and ignores values too short to tell from words', () => {
    const hashes = new SecretHashes<string>();
    hashes.add('short', 'x');
    hashes.add(secret, 'y');
    assert.equal(hashes.size, 1);
    assert.equal(hashes.lookup(hashSecret(secret)), 'y');
    assert.match(hashSecret(secret), /^[0-9a-f]{64}$/);
    assert.deepEqual(scanText('short short', { hashes }).findings, []);
  });
});
