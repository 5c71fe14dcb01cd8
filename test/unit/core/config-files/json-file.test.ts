import { expectEdit, expectIdempotent, expectRefusal, type EditCase } from './support';

const cases: EditCase[] = [
  {
    name: 'adds a missing key after the last property',
    before: '{\n  "a": 1\n}\n',
    key: 'SOPHOS_SLS_TOKEN',
    value: 'SLS-abc',
    after: '{\n  "a": 1,\n  "SOPHOS_SLS_TOKEN": "SLS-abc"\n}\n',
    action: 'added',
  },
  { name: 'adds to an empty file', before: '', key: 'k', value: 'v', after: '{\n  "k": "v"\n}\n', action: 'added' },
  {
    name: 'opens up an empty object',
    before: '{}\n',
    key: 'k',
    value: 'v',
    after: '{\n  "k": "v"\n}\n',
    action: 'added',
  },
  {
    name: 'replaces an existing value in place',
    before: '{\n  "k": "old", // note\n  "b": 2\n}\n',
    key: 'k',
    value: 'new',
    after: '{\n  "k": "new", // note\n  "b": 2\n}\n',
    action: 'replaced',
  },
  {
    name: 'keeps the comment of the property it adds after (JSONC)',
    before: '{\n  // settings\n  "a": 1 // one\n}\n',
    key: 'k',
    value: 'v',
    after: '{\n  // settings\n  "a": 1, // one\n  "k": "v"\n}\n',
    action: 'added',
  },
  {
    name: 'keeps a trailing comma in style',
    before: '{\n  "a": 1,\n}\n',
    key: 'k',
    value: 'v',
    after: '{\n  "a": 1,\n  "k": "v",\n}\n',
    action: 'added',
  },
  {
    name: 'replaces a nested key path',
    before: '{\n  "sophos": {\n    "token": "old"\n  }\n}\n',
    key: 'sophos.token',
    value: 'new',
    after: '{\n  "sophos": {\n    "token": "new"\n  }\n}\n',
    action: 'replaced',
  },
  {
    name: 'creates a missing nested path',
    before: '{\n  "a": 1\n}\n',
    key: 'sophos.sls.token',
    value: 'v',
    after: '{\n  "a": 1,\n  "sophos": {\n    "sls": {\n      "token": "v"\n    }\n  }\n}\n',
    action: 'added',
  },
  {
    name: 'follows tab indentation',
    before: '{\n\t"a": 1\n}\n',
    key: 'k',
    value: 'v',
    after: '{\n\t"a": 1,\n\t"k": "v"\n}\n',
    action: 'added',
  },
  {
    name: 'adds inline to a one-line object',
    before: '{"a": 1}\n',
    key: 'k',
    value: 'v',
    after: '{"a": 1, "k": "v"}\n',
    action: 'added',
  },
  {
    name: 'replaces the last of duplicated keys (the one JSON.parse keeps)',
    before: '{"k": "a", "k": "b"}',
    key: 'k',
    value: 'c',
    after: '{"k": "a", "k": "c"}',
    action: 'replaced',
  },
  {
    name: 'replaces a non-string scalar',
    before: '{"k": null}',
    key: 'k',
    value: 'v',
    after: '{"k": "v"}',
    action: 'replaced',
  },
  {
    name: 'keeps CRLF line endings',
    before: '{\r\n  "a": 1\r\n}\r\n',
    key: 'k',
    value: 'v',
    after: '{\r\n  "a": 1,\r\n  "k": "v"\r\n}\r\n',
    action: 'added',
  },
  {
    name: 'keeps a byte order mark',
    before: '\uFEFF{"k": "old"}',
    key: 'k',
    value: 'new',
    after: '\uFEFF{"k": "new"}',
    action: 'replaced',
  },
  { name: "writes ' as is", before: '{}', key: 'k', value: "it's", after: `{\n  "k": "it's"\n}`, action: 'added' },
  {
    name: 'escapes " and backslashes',
    before: '{"k": 1}',
    key: 'k',
    value: 'a"b\\c',
    after: '{"k": "a\\"b\\\\c"}',
    action: 'replaced',
  },
  {
    name: 'writes $, # and spaces as they are',
    before: '{"k": 1}',
    key: 'k',
    value: ' $a #b ',
    after: '{"k": " $a #b "}',
    action: 'replaced',
  },
];

describe('config files: JSON and JSONC', () => {
  for (const testCase of cases) it(testCase.name, () => expectEdit('json', testCase));

  it('is idempotent: a second write of the same value is "unchanged"', () => {
    for (const testCase of cases) expectIdempotent('json', testCase);
  });

  it('refuses an unparsable file, a path through a non-object and a key holding a collection, never quoting the value', () => {
    expectRefusal('json', '{"a": }', 'k', 'SECRET-VALUE', 'parseError');
    expectRefusal('json', '{"a": 1', 'k', 'SECRET-VALUE', 'parseError');
    expectRefusal('json', '{"a": 1}', 'a.b', 'SECRET-VALUE', 'notAMap');
    expectRefusal('json', '[1, 2]', 'k', 'SECRET-VALUE', 'notAMap');
    expectRefusal('json', '{"k": {"x": 1}}', 'k', 'SECRET-VALUE', 'notAValue');
    expectRefusal('json', '{"k": [1]}', 'k', 'SECRET-VALUE', 'notAValue');
  });
});
