/**
 * How a command was invoked, decided once when it is called (commands/register.ts), never by the shape of its
 * argument:
 * - `ui`: the user's gesture in this extension's own UI (a tree node, a notification or details-page button, a
 *   quick fix). Trusted by identity, never by shape: only an object our code made and marked with `fromOurUi`
 *   counts, since any extension can build `{ kind, credentialId }`.
 * - `palette`: no argument; the user picks what to act on.
 * - `call`: an argument object (another extension, a keybinding, a test), checked once against the command's
 *   schema (command-args.ts). Nothing is asked then: a missing or wrong argument is an error, never a prompt;
 *   only letting a secret out or destroying what the user stored asks for consent (call-consent.ts).
 */
import * as z from 'zod/mini';
import { invalidInput } from '../../core/api';
import { CommandId } from '../command-ids';

/** A field the error buttons take the user to in Edit Credential. */
export type EditField = 'name' | 'description' | 'role' | 'secret';

/**
 * What our UI hands a command. Tree nodes carry more (the tree's own TreeNode); these are the parts commands
 * read, so this module needs nothing from the tree.
 */
export type UiTarget =
  | { kind: 'credential' | 'integration' | 'tokens' | 'detail' | 'message'; credentialId: string }
  | { kind: 'token'; credentialId: string; tokenId: string; label: string; tenantId?: string }
  | { kind: 'integrationField'; credentialId: string; fieldId: string; label: string }
  /** An action our UI offers on one credential: a notification or page button, a click in the tree. */
  | { kind: 'action'; credentialId: string; field?: EditField }
  /** The notification that shows a token just minted. */
  | { kind: 'mintedToken'; tokenId: string }
  /** A quick fix on a secret found in a file (an SLS token, a Client Secret): where it is. */
  | { kind: 'secretInFile'; uri: string; start: number; end: number };

export type Invocation<Args> = { from: 'ui'; target: UiTarget } | { from: 'palette' } | { from: 'call'; args: Args };

const madeByOurUi = new WeakSet<object>();

/**
 * Marks a target this extension's own UI hands to a command (tree nodes, notification and page buttons, quick
 * fixes). Frozen: a quick fix's arguments reach any extension (vscode.executeCodeActionProvider hands back these
 * very objects), and a marked object rewritten to name another token or credential would pass as our UI.
 */
export function fromOurUi<T extends UiTarget>(target: T): T {
  madeByOurUi.add(Object.freeze(target));
  return target;
}

/** An action our UI offers on one credential, as a command argument (a button, a click in the tree). */
export function actionOn(credentialId: string, field?: EditField): UiTarget {
  return fromOurUi({ kind: 'action', credentialId, ...(field ? { field } : {}) });
}

/** One command leading into another for the same credential, as the user's own gesture. */
export function onCredential(credentialId: string): { from: 'ui'; target: UiTarget } {
  return { from: 'ui', target: actionOn(credentialId) };
}

/** The credential a UI target is about, if any. */
export function credentialOf(target: UiTarget): string | undefined {
  return 'credentialId' in target ? target.credentialId : undefined;
}

/**
 * The commands a token's target goes to (its tree menu; the Rotate quick fix). A quick fix's target reaches other
 * extensions, and a token's names its credential: it must not pass as our UI's gesture on that credential.
 */
const tokenCommands = new Set<string>([
  CommandId.copyToken,
  CommandId.updateToken,
  CommandId.rotateSlsToken,
  CommandId.revokeToken,
]);

/**
 * The one place a command's mode is decided: by identity for our UI, by presence for the palette, else a call.
 * `commandId` is the command being run, which a token's target must be one of the token commands for.
 */
export function invocationOf<Schema extends z.core.$ZodType>(
  schema: Schema,
  argument: unknown,
  commandId?: string,
): Invocation<z.output<Schema>> {
  if (typeof argument === 'object' && argument !== null && madeByOurUi.has(argument)) {
    const target = argument as UiTarget;
    if (target.kind === 'token' && commandId !== undefined && !tokenCommands.has(commandId))
      throw invalidInput('Choose a credential in the Sophos Central view.');
    return { from: 'ui', target };
  }
  if (argument === undefined || argument === null) return { from: 'palette' };
  return { from: 'call', args: parseArguments(schema, argument) };
}

/** A call's argument object against the command's schema; a refusal names the argument. */
function parseArguments<Schema extends z.core.$ZodType>(schema: Schema, argument: unknown): z.output<Schema> {
  if (typeof argument !== 'object' || argument === null || Array.isArray(argument))
    throw invalidInput('Pass the arguments as one object, e.g. { credential: "Acme" }.');
  // A null argument counts as not given, as an optional one left out.
  const given = Object.fromEntries(Object.entries(argument).filter(([, value]) => value !== null));
  const parsed = z.safeParse(schema, given);
  if (parsed.success) return parsed.data;
  throw invalidInput(describeIssue(parsed.error.issues[0]!, given));
}

function describeIssue(issue: z.core.$ZodIssue, given: Record<string, unknown>): string {
  const name = issue.path.map(String).join('.');
  const value = issue.path.reduce<unknown>(
    (at, key) => (typeof at === 'object' && at !== null ? (at as Record<PropertyKey, unknown>)[key] : undefined),
    given,
  );
  if (value === undefined && issue.code === 'invalid_type') return `The argument "${name}" is required.`;
  switch (issue.code) {
    case 'invalid_type':
      return `The argument "${name}" must be ${article(issue.expected)}.`;
    case 'invalid_value': {
      const values = issue.values.map((one) => JSON.stringify(one));
      return `The argument "${name}" must be ${values.length > 2 ? `one of ${values.join(', ')}` : values.join(' or ')}.`;
    }
    case 'too_small':
      return `The argument "${name}" must be at least ${String(issue.minimum)}.`;
    default:
      return `The argument "${name}": ${issue.message}`;
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number';
  if (expected === 'record') return 'an object';
  return `${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
}
