import assert from 'node:assert/strict';
import { ConfigEditError, setConfigValue } from '../../../../src/core/config-files';
import { expectEdit, expectIdempotent, expectRefusal, type EditCase } from './support';

const cases: EditCase[] = [
  {
    name: 'adds a missing key at the end',
    before: 'A=1\n',
    key: 'SOPHOS_SLS_TOKEN',
    value: 'SLS-abc',
    after: 'A=1\nSOPHOS_SLS_TOKEN=SLS-abc\n',
    action: 'added',
  },
  {
    name: 'adds to a file without a final line break',
    before: 'A=1',
    key: 'K',
    value: 'v',
    after: 'A=1\nK=v',
    action: 'added',
  },
  { name: 'adds to an empty file', before: '', key: 'K', value: 'v', after: 'K=v\n', action: 'added' },
  {
    name: 'replaces an existing key in place, keeping order and comments',
    before: '# top\nK=old # note\nB=2\n',
    key: 'K',
    value: 'new',
    after: '# top\nK=new # note\nB=2\n',
    action: 'replaced',
  },
  {
    name: 'keeps `export ` and spacing',
    before: 'export K = old\n',
    key: 'K',
    value: 'new',
    after: 'export K = new\n',
    action: 'replaced',
  },
  {
    name: 'replaces the last of duplicated keys (the one that wins)',
    before: 'K=a\nK=b\n',
    key: 'K',
    value: 'c',
    after: 'K=a\nK=c\n',
    action: 'replaced',
  },
  {
    name: 'keeps CRLF line endings',
    before: 'A=1\r\nK=old\r\n',
    key: 'K',
    value: 'new',
    after: 'A=1\r\nK=new\r\n',
    action: 'replaced',
  },
  { name: 'adds with CRLF', before: 'A=1\r\n', key: 'K', value: 'v', after: 'A=1\r\nK=v\r\n', action: 'added' },
  {
    name: 'keeps a byte order mark',
    before: '\uFEFFK=old\n',
    key: 'K',
    value: 'new',
    after: '\uFEFFK=new\n',
    action: 'replaced',
  },
  {
    name: 'replaces a quoted value',
    before: "K='old value'\n",
    key: 'K',
    value: 'new',
    after: 'K=new\n',
    action: 'replaced',
  },
  { name: 'fills an empty value', before: 'K=\n', key: 'K', value: 'v', after: 'K=v\n', action: 'replaced' },
  {
    name: 'does not take a commented line for the key',
    before: '# K=old\n',
    key: 'K',
    value: 'v',
    after: '# K=old\nK=v\n',
    action: 'added',
  },
  { name: 'quotes spaces', before: '', key: 'K', value: 'a b', after: "K='a b'\n", action: 'added' },
  { name: 'quotes #', before: '', key: 'K', value: 'a#b', after: "K='a#b'\n", action: 'added' },
  { name: 'quotes $', before: '', key: 'K', value: 'a$b', after: "K='a$b'\n", action: 'added' },
  { name: 'quotes a double quote', before: '', key: 'K', value: 'a"b', after: "K='a\"b'\n", action: 'added' },
  { name: 'quotes a backslash', before: '', key: 'K', value: 'a\\b', after: "K='a\\b'\n", action: 'added' },
  {
    name: "double-quotes a ' with escapes",
    before: '',
    key: 'K',
    value: `it's $x "q" \\`,
    after: `K="it's \\$x \\"q\\" \\\\"\n`,
    action: 'added',
  },
];

describe('config files: .env', () => {
  for (const testCase of cases) it(testCase.name, () => expectEdit('env', testCase));

  it('is idempotent: a second write of the same value is "unchanged"', () => {
    for (const testCase of cases) expectIdempotent('env', testCase);
  });

  it('never duplicates a key, whatever was there', () => {
    for (const before of ['K=1\n', 'export K=1\n', "K='x'\n", 'K="x"\n', '  K = x # c\n']) {
      const { text } = setConfigValue(before, 'env', 'K', 'SLS-abc');
      assert.equal(text.match(/\bK\s*=/g)?.length, 1, before);
    }
  });

  it('refuses a key that is not a variable name, without the value in the message', () => {
    expectRefusal('env', 'A=1\n', 'not a name', 'SECRET-VALUE', 'invalidKey');
    expectRefusal('env', 'A=1\n', '1ABC', 'SECRET-VALUE', 'invalidKey');
  });

  it('throws ConfigEditError instances', () => {
    assert.throws(() => setConfigValue('', 'env', 'a.b', 'v'), ConfigEditError);
  });
});
