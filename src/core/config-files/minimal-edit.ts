/**
 * The smallest replacement that turns one text into another: the common prefix and suffix stay, the middle
 * is replaced. An editor applying it changes only that range, so undo, folding, markers and the cursor
 * elsewhere in the file are left alone.
 */
import type { TextReplacement } from './env-reference';

/** undefined when the texts are equal. Never splits a CRLF pair or a surrogate pair. */
export function minimalReplacement(before: string, after: string): TextReplacement | undefined {
  if (before === after) return undefined;
  const limit = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < limit && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  if (prefix > 0 && splitsPair(before, prefix)) prefix--;
  if (prefix > 0 && splitsPair(after, prefix)) prefix--;
  let suffix = 0;
  const suffixLimit = limit - prefix;
  while (
    suffix < suffixLimit &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  )
    suffix++;
  while (suffix > 0 && (splitsPair(before, before.length - suffix) || splitsPair(after, after.length - suffix)))
    suffix--;
  return { start: prefix, end: before.length - suffix, text: after.slice(prefix, after.length - suffix) };
}

/** True when offset falls between the two halves of `\r\n` or of a surrogate pair. */
function splitsPair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const previous = text.charCodeAt(offset - 1);
  const next = text.charCodeAt(offset);
  if (previous === 0x0d && next === 0x0a) return true;
  return previous >= 0xd800 && previous <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
}
