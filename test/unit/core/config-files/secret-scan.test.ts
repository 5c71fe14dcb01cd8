import assert from 'node:assert/strict';
import {
  candidateSpans,
  findSlsTokens,
  hashSecret,
  isSlsToken,
  scanForSecrets,
  SecretHashes,
} from '../../../../src/core/config-files';

const token = `SLS-${'Ab3'.repeat(16)}`; // 48 characters after the prefix, like Sophos' and the sandbox's
const secret = 'f3a9c1d2e4b5a6978812aa34bc56de78';

describe('config files: secret scan', () => {
  const slsCases: Array<[string, string, string[]]> = [
    ['an .env value', `SOPHOS_SLS_TOKEN=${token}\n`, [token]],
    ['a quoted YAML value', `token: "${token}"`, [token]],
    ['inside a URL', `https://repo.example/?t=${token}&x=1`, [token]],
    ['two on one line', `${token} ${token}`, [token, token]],
    ['20 characters, the least', 'SLS-abcdefghij0123456789', ['SLS-abcdefghij0123456789']],
    ['19 characters: too short', 'SLS-abcdefghij012345678', []],
    ['glued to a word: not a token', `XSLS-${'a'.repeat(30)}`, []],
    ['a variable name: not a token', 'SOPHOS_SLS_TOKEN=${SOPHOS_SLS_TOKEN}', []],
    ['lower-case prefix: not a token', `sls-${'a'.repeat(30)}`, []],
  ];
  for (const [name, text, expected] of slsCases) {
    it(`finds SLS tokens: ${name}`, () => {
      assert.deepEqual(
        findSlsTokens(text).map(({ start, end }) => text.slice(start, end)),
        expected,
      );
    });
  }

  it('tells a whole SLS token from a part of one', () => {
    assert.equal(isSlsToken(token), true);
    assert.equal(isSlsToken(` ${token}`), false);
    assert.equal(isSlsToken('SLS-short'), false);
  });

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
      const found = scanForSecrets(text, hashes);
      assert.deepEqual(
        found.map((match) => text.slice(match.start, match.end)),
        expected,
      );
      for (const match of found) assert.deepEqual(match, { ...match, kind: 'stored', info: 'client secret of Acme' });
    });
  }

  it('reports a stored token once, as the stored one, and other SLS tokens as such, in order', () => {
    const other = `SLS-${'z'.repeat(48)}`;
    const hashes = new SecretHashes<string>();
    hashes.add(token, 'token "CI"');
    const text = `A=${other}\nB=${token}\n`;
    const found = scanForSecrets(text, hashes);
    assert.deepEqual(
      found.map((match) => [match.kind, text.slice(match.start, match.end)]),
      [
        ['slsToken', other],
        ['stored', token],
      ],
    );
  });

  it('keeps only hashes, and ignores values too short to tell from words', () => {
    const hashes = new SecretHashes<string>();
    hashes.add('short', 'x');
    hashes.add(secret, 'y');
    assert.equal(hashes.size, 1);
    assert.equal(hashes.lookup(hashSecret(secret)), 'y');
    assert.match(hashSecret(secret), /^[0-9a-f]{64}$/);
    assert.deepEqual(scanForSecrets('short short', hashes), []);
  });

  it('scans a megabyte quickly', () => {
    const hashes = new SecretHashes<string>();
    hashes.add(secret, 'y');
    const text = `${'word another=value "quoted": 12345678901234567890123456789012\n'.repeat(16_000)}${secret}`;
    const started = Date.now();
    assert.equal(scanForSecrets(text, hashes).length, 1);
    assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
  });
});
