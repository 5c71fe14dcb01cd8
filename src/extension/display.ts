/**
 * Text from users and from the API shown in the tree, quick picks and the details page: always as text, and
 * legible. Bidirectional control characters (which can make "txt.exe" read as "exe.txt") are shown as their
 * code, control characters as spaces, and very long strings are cut. Free of `vscode`: unit-tested.
 */
const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F]/g;

export function displayText(text: string, maxLength = 200): string {
  const visible = text
    .replace(bidiControls, (ch) => `<U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`)
    .replace(controlCharacters, ' ')
    .replace(/[\r\n\t]+/g, ' ');
  return visible.length > maxLength ? `${visible.slice(0, maxLength - 1)}…` : visible;
}

/** For QuickPick and tree labels, which render `$(name)` as an icon: a zero-width space keeps it literal. */
export function labelText(text: string, maxLength = 200): string {
  return displayText(text, maxLength).replace(/\$\(/g, '$\u200B(');
}

/**
 * For notifications, which render `[label](target)` as a link and run `command:` targets when clicked: text
 * from a server, a file or another extension must never become one. The link syntax is broken with a
 * zero-width space (the text reads the same), `command:` likewise, and `$(icon)` stays literal.
 */
export function inertText(text: string, maxLength = 1000): string {
  return labelText(text, maxLength)
    .replace(/\]\s*\(/g, ']\u200B(')
    .replace(/command:/gi, (match) => `${match.slice(0, -1)}\u200B:`);
}
