import assert from 'node:assert/strict';
import { clearLater } from '../../../src/extension/clipboard-clear';

describe('clearing a copied secret from the clipboard', () => {
  const setup = () => {
    let text = '';
    let scheduled: { run: () => void; ms: number } | undefined;
    const clipboard = { readText: async () => text, writeText: async (value: string) => void (text = value) };
    return {
      clipboard,
      set: (value: string) => (text = value),
      get: () => text,
      schedule: (run: () => void, ms: number) => void (scheduled = { run, ms }),
      fire: () => scheduled?.run(),
      scheduled: () => scheduled,
    };
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('clears the secret after the configured seconds', async () => {
    const c = setup();
    c.set('the-secret');
    clearLater(c.clipboard, 'the-secret', 30, c.schedule);
    assert.equal(c.scheduled()?.ms, 30_000);
    c.fire();
    await settle();
    assert.equal(c.get(), '');
  });

  it('leaves alone what the user copied since', async () => {
    const c = setup();
    clearLater(c.clipboard, 'the-secret', 30, c.schedule);
    c.set('something else');
    c.fire();
    await settle();
    assert.equal(c.get(), 'something else');
  });

  it('never clears with 0 seconds', () => {
    const c = setup();
    clearLater(c.clipboard, 'the-secret', 0, c.schedule);
    assert.equal(c.scheduled(), undefined);
  });
});
