import assert from 'node:assert/strict';
import { displayText, labelText } from '../../../src/extension/display';

describe('displayText and labelText', () => {
  const cases: [string, string, string][] = [
    ['HTML stays text (the page sets textContent)', '<img src=x onerror=alert(1)>', '<img src=x onerror=alert(1)>'],
    ['a javascript: URL is just text', 'javascript:alert(1)', 'javascript:alert(1)'],
    ['a right-to-left override is shown, not obeyed', 'invoice\u202Eexe.txt', 'invoice<U+202E>exe.txt'],
    ['isolates and marks too', 'a\u2066b\u2069c\u200F', 'a<U+2066>b<U+2069>c<U+200F>'],
    ['control characters and line breaks become spaces', 'line1\nline2\u0007end', 'line1 line2 end'],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(displayText(input), expected));

  it('cuts a 10 kB string to a readable length', () => {
    const shown = displayText('x'.repeat(10_240));
    assert.equal(shown.length, 200);
    assert.ok(shown.endsWith('…'));
    assert.equal(displayText('y'.repeat(10_240), 1000).length, 1000);
  });

  it('keeps $(icon) syntax literal in labels', () => {
    assert.equal(labelText('$(alert) Evil tenant'), '$\u200B(alert) Evil tenant');
    assert.equal(displayText('$(alert)'), '$(alert)', 'only labels need it');
  });
});
