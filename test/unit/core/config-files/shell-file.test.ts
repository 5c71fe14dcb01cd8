import assert from 'node:assert/strict';
import { setConfigValue } from '../../../../src/core/config-files';
import { expectEdit, expectIdempotent, expectRefusal, type EditCase } from './support';

const cases: EditCase[] = [
  {
    name: 'adds `export KEY=…` at the end',
    before: '#!/bin/sh\nset -e\n',
    key: 'SOPHOS_SLS_TOKEN',
    value: 'SLS-abc',
    after: "#!/bin/sh\nset -e\nexport SOPHOS_SLS_TOKEN='SLS-abc'\n",
    action: 'added',
  },
  { name: 'adds to an empty file', before: '', key: 'K', value: 'v', after: "export K='v'\n", action: 'added' },
  {
    name: 'replaces an existing assignment in place, keeping `export` and a comment',
    before: "export K='old' # note\nB=2\n",
    key: 'K',
    value: 'new',
    after: "export K='new' # note\nB=2\n",
    action: 'replaced',
  },
  {
    name: 'replaces an assignment without export',
    before: 'K=old\n',
    key: 'K',
    value: 'new',
    after: "K='new'\n",
    action: 'replaced',
  },
  {
    name: 'appends when the only assignment is indented (it may never run)',
    before: 'if true; then\n  K=old\nfi\n',
    key: 'K',
    value: 'v',
    after: "if true; then\n  K=old\nfi\nexport K='v'\n",
    action: 'added',
  },
  {
    name: 'skips a here-document body',
    before: 'cat <<EOF\nK=inside\nEOF\n',
    key: 'K',
    value: 'v',
    after: "cat <<EOF\nK=inside\nEOF\nexport K='v'\n",
    action: 'added',
  },
  {
    name: 'keeps CRLF line endings',
    before: 'A=1\r\nK=old\r\n',
    key: 'K',
    value: 'new',
    after: "A=1\r\nK='new'\r\n",
    action: 'replaced',
  },
  {
    name: 'keeps a byte order mark',
    before: '\uFEFFK=old\n',
    key: 'K',
    value: 'new',
    after: "\uFEFFK='new'\n",
    action: 'replaced',
  },
  { name: "quotes a ' as '\\''", before: '', key: 'K', value: "it's", after: "export K='it'\\''s'\n", action: 'added' },
  {
    name: 'keeps $, ", #, spaces and backslashes literal in single quotes',
    before: '',
    key: 'K',
    value: 'a $b "c" #d \\e',
    after: 'export K=\'a $b "c" #d \\e\'\n',
    action: 'added',
  },
];

describe('config files: shell', () => {
  for (const testCase of cases) it(testCase.name, () => expectEdit('shell', testCase));

  it('is idempotent: a second write of the same value is "unchanged"', () => {
    for (const testCase of cases) expectIdempotent('shell', testCase);
  });

  it('calls an expanding value changed, and never duplicates the key', () => {
    const result = setConfigValue('export K="$HOME"\n', 'shell', 'K', 'v');
    assert.equal(result.text, "export K='v'\n");
    assert.equal(result.action, 'replaced');
  });

  it('refuses a key that is not a variable name, without the value in the message', () => {
    expectRefusal('shell', '', 'A-B', 'SECRET-VALUE', 'invalidKey');
  });
});
