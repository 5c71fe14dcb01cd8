import assert from 'node:assert/strict';
import {
  assignmentLine,
  detectConfigFormat,
  gitignoreEntry,
  minimalReplacement,
  withGitignoreEntry,
  type ConfigFormat,
} from '../../../../src/core/config-files';

describe('config files: minimal replacement', () => {
  const cases: Array<[string, string, string, { start: number; end: number; text: string } | undefined]> = [
    ['equal texts', 'abc', 'abc', undefined],
    ['a changed middle', 'K=old\nB=2\n', 'K=new\nB=2\n', { start: 2, end: 5, text: 'new' }],
    ['an appended line', 'A=1\n', 'A=1\nK=v\n', { start: 4, end: 4, text: 'K=v\n' }],
    ['a deletion', 'abcdef', 'abef', { start: 2, end: 4, text: '' }],
    ['repeated characters', 'aaaa', 'aaaaa', { start: 4, end: 4, text: 'a' }],
    ['an empty old text', '', 'x\n', { start: 0, end: 0, text: 'x\n' }],
    ['never between CR and LF', 'a\r\nb', 'a\r\r\nb', { start: 1, end: 1, text: '\r' }],
    ['never inside a surrogate pair', 'x\u{1F600}', 'x\u{1F601}', { start: 1, end: 3, text: '\u{1F601}' }],
  ];
  for (const [name, before, after, expected] of cases) {
    it(name, () => {
      const edit = minimalReplacement(before, after);
      assert.deepEqual(edit, expected);
      if (edit) assert.equal(before.slice(0, edit.start) + edit.text + before.slice(edit.end), after);
    });
  }

  it('rebuilds the new text for CRLF edits without splitting a pair', () => {
    const before = 'A=1\r\nK=old\r\n';
    const after = 'A=1\r\nK=old\r\nX=1\r\n';
    const edit = minimalReplacement(before, after)!;
    assert.equal(before.slice(0, edit.start) + edit.text + before.slice(edit.end), after);
    assert.notEqual(before[edit.start - 1], '\r');
  });
});

describe('config files: .gitignore entries', () => {
  const entries: Array<[string, string]> = [
    ['.env', '/.env'],
    ['deploy/.env', '/deploy/.env'],
    ['deploy\\prod.env', '/deploy/prod.env'],
    ['#odd name', '/#odd name'],
    ['a*b?[c].env', '/a\\*b\\?\\[c].env'],
    ['trailing ', '/trailing\\ '],
  ];
  for (const [path, expected] of entries)
    it(`${JSON.stringify(path)} → ${expected}`, () => assert.equal(gitignoreEntry(path), expected));

  it('refuses a path outside the repository', () => assert.throws(() => gitignoreEntry('../x')));

  it('appends once, keeping the line ending, and creates the text when empty', () => {
    assert.equal(withGitignoreEntry('', '/.env'), '/.env\n');
    assert.equal(withGitignoreEntry('node_modules', '/.env'), 'node_modules\n/.env\n');
    assert.equal(withGitignoreEntry('node_modules\r\n', '/.env'), 'node_modules\r\n/.env\r\n');
    assert.equal(withGitignoreEntry('/.env\n', '/.env'), '/.env\n');
    assert.equal(withGitignoreEntry('.env\n', '/.env'), '.env\n');
  });
});

describe('config files: formats and assignment lines', () => {
  const formats: Array<[string, string | undefined, ConfigFormat | undefined]> = [
    ['.env', 'properties', 'env'],
    ['.env.local', 'shellscript', 'env'],
    ['.env.json', undefined, 'json'],
    ['deploy.sh', 'shellscript', 'shell'],
    ['vars.yml', 'yaml', 'yaml'],
    ['settings.json', 'jsonc', 'json'],
    ['notes.txt', 'plaintext', undefined],
    ['picked-by-hand.txt', 'yaml', 'yaml'],
  ];
  for (const [name, languageId, expected] of formats) {
    it(`${name} (${languageId ?? 'no language'}) is ${expected ?? 'unknown'}`, () =>
      assert.equal(detectConfigFormat(name, languageId), expected));
  }

  it('writes one assignment line quoted for the format', () => {
    assert.equal(assignmentLine('env', 'K', 'SLS-abc'), 'K=SLS-abc');
    assert.equal(assignmentLine('env', 'K', 'a b'), "K='a b'");
    assert.equal(assignmentLine('shell', 'K', "it's"), "export K='it'\\''s'");
    assert.throws(
      () => assignmentLine('env', 'not valid', 'SECRET'),
      (error: Error) => !error.message.includes('SECRET'),
    );
  });
});
