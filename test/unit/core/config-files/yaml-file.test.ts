import { expectEdit, expectIdempotent, expectRefusal, type EditCase } from './support';

const cases: EditCase[] = [
  {
    name: 'adds a missing key at the end of the top mapping',
    before: 'a: 1\n',
    key: 'sls_token',
    value: 'SLS-abc',
    after: 'a: 1\nsls_token: SLS-abc\n',
    action: 'added',
  },
  { name: 'adds to an empty file', before: '', key: 'k', value: 'v', after: 'k: v\n', action: 'added' },
  {
    name: 'adds to a comment-only file',
    before: '# vars\n',
    key: 'k',
    value: 'v',
    after: '# vars\nk: v\n',
    action: 'added',
  },
  {
    name: 'replaces an existing value, keeping its comment',
    before: '# top\nk: old # note\nb: 2\n',
    key: 'k',
    value: 'new',
    after: '# top\nk: new # note\nb: 2\n',
    action: 'replaced',
  },
  {
    name: 'replaces a nested key path',
    before: 'sophos:\n  sls:\n    token: old\n  other: x\n',
    key: 'sophos.sls.token',
    value: 'new',
    after: 'sophos:\n  sls:\n    token: new\n  other: x\n',
    action: 'replaced',
  },
  {
    name: 'creates the missing part of a nested path inside its parent',
    before: 'sophos:\n  other: x\nnext: 1\n',
    key: 'sophos.sls.token',
    value: 'v',
    after: 'sophos:\n  other: x\n  sls:\n    token: v\nnext: 1\n',
    action: 'added',
  },
  {
    name: 'creates a whole nested path, at the file indentation',
    before: 'a:\n    b: 1\n',
    key: 'x.z',
    value: 'v',
    after: 'a:\n    b: 1\nx:\n    z: v\n',
    action: 'added',
  },
  {
    name: 'quotes a key YAML 1.1 reads as a boolean',
    before: '',
    key: 'x.y',
    value: 'v',
    after: 'x:\n  "y": v\n',
    action: 'added',
  },
  {
    name: 'takes a key path as segments when a key has a dot',
    before: 'a.b: 1\n',
    key: ['a.b'],
    value: 'v',
    after: 'a.b: v\n',
    action: 'replaced',
  },
  {
    name: 'adds into a flow mapping',
    before: 'vars: {a: 1}\n',
    key: 'vars.k',
    value: 'v',
    after: 'vars: {a: 1, k: v}\n',
    action: 'added',
  },
  {
    name: 'keeps CRLF line endings',
    before: 'a: 1\r\nk: old\r\n',
    key: 'k',
    value: 'new',
    after: 'a: 1\r\nk: new\r\n',
    action: 'replaced',
  },
  { name: 'adds with CRLF', before: 'a: 1\r\n', key: 'k', value: 'v', after: 'a: 1\r\nk: v\r\n', action: 'added' },
  {
    name: 'keeps a byte order mark',
    before: '\uFEFFk: old\n',
    key: 'k',
    value: 'new',
    after: '\uFEFFk: new\n',
    action: 'replaced',
  },
  {
    name: 'fills an empty value',
    before: 'k:\nb: 2\n',
    key: 'k',
    value: 'v',
    after: 'k: v\nb: 2\n',
    action: 'replaced',
  },
  {
    name: 'replaces a quoted value',
    before: "k: 'old'\n",
    key: 'k',
    value: 'new',
    after: 'k: new\n',
    action: 'replaced',
  },
  {
    name: 'edits the first document of a stream',
    before: 'k: 1\n---\nk: 2\n',
    key: 'k',
    value: 'v',
    after: 'k: v\n---\nk: 2\n',
    action: 'replaced',
  },
  { name: "writes a ' inside a word plain", before: '', key: 'k', value: "it's", after: "k: it's\n", action: 'added' },
  { name: "quotes a leading '", before: '', key: 'k', value: "'a", after: 'k: "\'a"\n', action: 'added' },
  { name: 'quotes a double quote', before: '', key: 'k', value: 'a"b', after: 'k: a"b\n', action: 'added' },
  { name: 'quotes " #"', before: '', key: 'k', value: 'a #b', after: 'k: "a #b"\n', action: 'added' },
  { name: 'keeps a plain # inside a word', before: '', key: 'k', value: 'a#b', after: 'k: a#b\n', action: 'added' },
  { name: 'keeps $ plain', before: '', key: 'k', value: 'a$b', after: 'k: a$b\n', action: 'added' },
  {
    name: 'quotes leading and trailing spaces',
    before: '',
    key: 'k',
    value: ' a b ',
    after: 'k: " a b "\n',
    action: 'added',
  },
  {
    name: 'escapes a backslash inside quotes',
    before: '',
    key: 'k',
    value: '"a\\b"',
    after: 'k: "\\"a\\\\b\\""\n',
    action: 'added',
  },
  {
    name: 'quotes what YAML 1.1 reads as a boolean',
    before: '',
    key: 'k',
    value: 'yes',
    after: 'k: "yes"\n',
    action: 'added',
  },
  { name: 'quotes digits', before: '', key: 'k', value: '0123', after: 'k: "0123"\n', action: 'added' },
];

describe('config files: YAML', () => {
  for (const testCase of cases) it(testCase.name, () => expectEdit('yaml', testCase));

  it('is idempotent: a second write of the same value is "unchanged"', () => {
    for (const testCase of cases) expectIdempotent('yaml', testCase);
  });

  it('refuses an unparsable file, a path through a non-map and a key holding a collection, never quoting the value', () => {
    expectRefusal('yaml', 'a: [1\n', 'k', 'SECRET-VALUE', 'parseError');
    expectRefusal('yaml', 'k: 1\nk: 2\n', 'k', 'SECRET-VALUE', 'parseError');
    expectRefusal('yaml', 'a: 1\n', 'a.b', 'SECRET-VALUE', 'notAMap');
    expectRefusal('yaml', 'a:\n  - 1\n', 'a.b', 'SECRET-VALUE', 'notAMap');
    expectRefusal('yaml', '- 1\n- 2\n', 'k', 'SECRET-VALUE', 'notAMap');
    expectRefusal('yaml', 'k:\n  x: 1\n', 'k', 'SECRET-VALUE', 'notAValue');
    expectRefusal('yaml', 'k: 1\n', 'a..b', 'SECRET-VALUE', 'invalidKey');
  });
});
