/** The clearing rule, free of `vscode` so it is unit-tested: clear after `seconds` only if still ours. */
export interface Clipboard {
  readText(): Thenable<string>;
  writeText(text: string): Thenable<void>;
}

export function clearLater(
  clipboard: Clipboard,
  value: string,
  seconds: number,
  schedule: (run: () => void, ms: number) => void = setTimeout,
): void {
  if (!(seconds > 0)) return;
  schedule(() => {
    Promise.resolve(clipboard.readText()).then(
      (current) => {
        if (current === value) void clipboard.writeText('');
      },
      () => undefined, // unreadable: leave it
    );
  }, seconds * 1000);
}
