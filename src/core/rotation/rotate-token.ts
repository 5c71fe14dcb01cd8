/**
 * Rotating a leaked SLS token in one step, in the order that never loses a working token: mint the new one,
 * keep it (SecretStorage in the editor), write it over the old value in every place, read each place back, and
 * only when every place holds the new value revoke the old token. Any failure stops short of revoking: both
 * tokens stay valid and the outcome says which place holds which. Shared by the CLI and the editor; a place
 * is a file on disk or an open document, behind RotationTarget.
 */
import { readConfigFile, replaceInFile } from '../config-files';
import { redactSecret } from '../scan';

export interface RotationTarget {
  /** How the user knows it: a path. */
  name: string;
  /** Replaces every occurrence of `from` with `to`; throws (with a message naming no value) when it cannot. */
  replace(from: string, to: string): Promise<void>;
  /** The text as it now is, for the check after writing. */
  read(): Promise<string>;
}

export interface MintedToken {
  id: string;
  value: string;
}

export interface RotationSteps {
  mint(): Promise<MintedToken>;
  /** Keeps the new token before anything else can fail (the CLI has nowhere to keep it: no-op). */
  keep(token: MintedToken): Promise<void>;
  revokeOld(): Promise<void>;
  /** After each place is written, before the next (progress; tests make a file read-only here). */
  onWritten?(target: RotationTarget): void | Promise<void>;
}

export type PlaceState = 'new' | 'old' | 'unknown';

export interface RotationOutcome {
  newToken: { id: string; redacted: string };
  oldRedacted: string;
  places: Array<{ name: string; holds: PlaceState; error?: string }>;
  revoked: boolean;
  /** Why the old token was not revoked (a place failed, or the revoke itself did). */
  failure?: string;
}

export async function rotateToken(
  oldValue: string,
  targets: RotationTarget[],
  steps: RotationSteps,
): Promise<RotationOutcome> {
  const minted = await steps.mint();
  await steps.keep(minted);
  const outcome: RotationOutcome = {
    newToken: { id: minted.id, redacted: redactSecret(minted.value) },
    oldRedacted: redactSecret(oldValue),
    places: [],
    revoked: false,
  };
  // Every place is tried, so one read-only file leaves as few places as possible on the old token.
  for (const target of targets) {
    try {
      await target.replace(oldValue, minted.value);
      outcome.places.push({ name: target.name, holds: await holds(target, oldValue, minted.value) });
      await steps.onWritten?.(target);
    } catch (error) {
      outcome.places.push({
        name: target.name,
        holds: await holds(target, oldValue, minted.value).catch((): PlaceState => 'unknown'),
        error: (error as Error).message,
      });
    }
  }
  const notNew = outcome.places.filter((place) => place.holds !== 'new');
  if (notNew.length > 0) {
    outcome.failure = `${notNew.map((place) => `${place.name}: ${place.error ?? 'it does not hold the new token after writing'}`).join('; ')}`;
    return outcome;
  }
  try {
    await steps.revokeOld();
    outcome.revoked = true;
  } catch (error) {
    outcome.failure = `revoking the old token failed: ${(error as Error).message}`;
  }
  return outcome;
}

/** What the place holds now: the check is a fresh read, not the write's word for it. */
async function holds(target: RotationTarget, oldValue: string, newValue: string): Promise<PlaceState> {
  const text = await target.read();
  if (text.includes(oldValue)) return 'old';
  return text.includes(newValue) ? 'new' : 'unknown';
}

/** A file on disk: replaced in one rename; a link or a read-only file is refused. */
export function fileTarget(path: string, name = path): RotationTarget {
  return {
    name,
    replace: async (from, to) => {
      let count: number;
      try {
        count = await replaceInFile(path, from, to);
      } catch (error) {
        // Named as the user named it, not by the absolute path.
        throw new Error((error as Error).message.split(path).join(name), { cause: error });
      }
      if (count === 0) throw new Error('it no longer holds the old token');
    },
    read: async () => (await readConfigFile(path))?.text ?? '',
  };
}

/** One line per place, for the user: which token it holds, by redacted form. */
export function describePlaces(outcome: RotationOutcome): string[] {
  return outcome.places.map((place) => {
    const token =
      place.holds === 'new'
        ? `the new token ${outcome.newToken.redacted}`
        : place.holds === 'old'
          ? `the old token ${outcome.oldRedacted}`
          : 'neither token (check it)';
    return `${place.name} holds ${token}${place.error ? ` (${place.error})` : ''}`;
  });
}
