import assert from 'node:assert/strict';
import {
  formatAccessTokens,
  formatTenants,
  plainText,
  terminalSafe,
  terminalText,
  toJson,
} from '../../../src/cli/output';

/** Anything a terminal would act on rather than print. */
const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const osc52 = 'Acme\u001b]52;c;cHduZWQK\u0007';

describe('CLI output: text from outside never drives the terminal', () => {
  const texts: [string, string, string][] = [
    ['OSC 52 clipboard write ended by BEL', osc52, 'Acme<U+001B>]52;c;cHduZWQK<U+0007>'],
    ['a one-byte C1 CSI that erases the screen', 'a\u009b2Jb', 'a<U+009B>2Jb'],
    ['DEL', 'a\u007fb', 'a<U+007F>b'],
    ['a line break and a tab inside one value', 'a\nb\tc\rd', 'a<U+000A>b<U+0009>c<U+000D>d'],
    ['a right-to-left override', 'invoice\u202etxt.exe', 'invoice<U+202E>txt.exe'],
    ['ordinary text, accents and emoji', 'Société Générale 🚀', 'Société Générale 🚀'],
  ];
  for (const [name, input, expected] of texts) it(`one value: ${name}`, () => assert.equal(plainText(input), expected));

  it('the last filter keeps the newlines and tabs the CLI lays out, and nothing else', () => {
    assert.equal(terminalText(`ID\tNAME\n${osc52}\u009b\n`), 'ID\tNAME\nAcme<U+001B>]52;c;cHduZWQK<U+0007><U+009B>\n');
    const written: string[] = [];
    const io = terminalSafe({
      stdout: (text: string) => written.push(text),
      stderr: (text: string) => written.push(text),
      other: 1,
    });
    io.stdout(osc52);
    io.stderr('\u001b[2K');
    assert.deepEqual(written, ['Acme<U+001B>]52;c;cHduZWQK<U+0007>', '<U+001B>[2K']);
    assert.equal(io.other, 1);
  });

  it('JSON escapes C0, DEL, C1 and bidi characters, and still parses to the same value', () => {
    const value = { name: `${osc52}\u007f\u0080\u009b\u009f\u202e` };
    const json = toJson(value);
    assert.doesNotMatch(json, raw);
    assert.match(json, /"Acme\\u001b\]52;c;cHduZWQK\\u0007\\u007f\\u0080\\u009b\\u009f\\u202e"/);
    assert.deepEqual(JSON.parse(json), value);
  });

  it('tables clean every cell and keep their columns', () => {
    const tenants = formatTenants([
      { id: 't1', name: `Evil\nerror: fake line${osc52}`, dataRegion: 'eu01', apiHost: 'https://api-eu01.example' },
    ]);
    assert.doesNotMatch(tenants, raw);
    assert.equal(tenants.trimEnd().split('\n').length, 2, 'a line break in a name makes no extra line');
    const tokens = formatAccessTokens([
      { id: 'k1', label: `L\u009b2J`, type: 'sophosLinuxSensor', createdAt: '2026-01-01', expiresAt: null },
    ]);
    assert.match(tokens, /k1\s+L<U\+009B>2J\s+sophosLinuxSensor/);
  });
});
