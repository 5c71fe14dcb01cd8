/**
 * `sls-token rotate TOKEN-ID --in FILE...`: a new token with the old one's label and expiry rule, written over
 * the old value in every file, each file read back, and only then the old token revoked. Any failure revokes
 * nothing and names which file holds which token (redacted). Local checks come before any request.
 */
import { resolve } from 'node:path';
import { invalidInput, parseExpiry, SophosApiError, validateLabel } from '../../core/api';
import { isConfigEditError, readConfigFile, refuseReadOnly } from '../../core/config-files';
import { describePlaces, fileTarget, rotateToken, sameExpiryRule } from '../../core/rotation';
import { findSlsTokens, isSlsToken, redactSecret } from '../../core/scan';
import { stringOption as option, type OptionTable, type OptionValues, type PlannedCommand } from '../command';
import type { CliEnvironment } from '../environment';
import { LocalFailure } from '../failures';
import { plainText, toJson } from '../output';
import { reportOrphans } from './minting';

export const rotateOptions: OptionTable = {
  in: { type: 'string', multiple: true },
  'old-token-stdin': { type: 'boolean' },
};

export function planRotate(values: OptionValues, tenantId: string | undefined, rest: string[]): PlannedCommand {
  const [tokenId, ...more] = rest;
  const named = (values.in as string[] | undefined) ?? [];
  if (!tokenId || named.length === 0)
    throw invalidInput(
      'Name the token and the files that hold it: sophos-central sls-token rotate TOKEN-ID --in FILE... (see "sls-token list").',
    );
  // `--in a b c`: the words after the first file are files too.
  const files = [...named, ...more];
  if (values['old-token-stdin'] && values['client-secret-stdin'])
    throw invalidInput('Only one value can come from stdin: use SOPHOS_CLIENT_SECRET with --old-token-stdin.');
  const labelText = option(values, 'label');
  const label = labelText === undefined ? undefined : validateLabel(labelText);
  const expiryText = option(values, 'expires-at');
  const expiresAt = expiryText === undefined ? undefined : parseExpiry(expiryText);
  return {
    run: async ({ client: clientOf, json, environment: io }) => {
      const paths = files.map((file) => resolve(io.cwd ?? process.cwd(), file));
      const oldValue = await oldTokenValue(paths, files, values['old-token-stdin'] === true, io);
      const client = await clientOf();
      const old = (await client.listAccessTokens({ tenantId })).find(
        (token) => token.id.toLowerCase() === tokenId.toLowerCase(),
      );
      if (!old)
        throw new SophosApiError(
          'notFound',
          `The tenant has no access token ${plainText(tokenId)} (see "sls-token list"). Nothing was minted.`,
          { operation: 'listAccessTokens' },
        );
      const newLabel = label ?? old.label;
      if (newLabel === undefined)
        throw invalidInput(
          `Sophos Central lists token ${tokenId} without a label: name one with --label. Nothing was minted.`,
        );
      let newValue: string | undefined;
      const outcome = await rotateToken(
        oldValue,
        paths.map((path, index) => fileTarget(path, files[index])),
        {
          mint: async () => {
            const result = await client.createAccessToken({
              label: newLabel,
              expiresAt: expiresAt ?? sameExpiryRule(old, Date.now()),
              tenantId,
            });
            reportOrphans(result, io.stderr);
            newValue = result.token.token;
            return { id: result.token.id, value: result.token.token };
          },
          keep: async () => undefined, // the files are where the CLI keeps it
          revokeOld: () => client.revokeAccessToken(old.id, { tenantId }),
          onWritten: (target) => io.stderr(`Wrote the new token to ${target.name}.\n`),
        },
      );
      const places = describePlaces(outcome);
      if (outcome.revoked) {
        io.stdout(
          json
            ? toJson({ revoked: old.id, token: { id: outcome.newToken.id, label: newLabel }, files })
            : `Rotated access token ${plainText(old.id)}: the new token ${plainText(outcome.newToken.id)} ("${plainText(newLabel)}") is in ${files.length} file${files.length === 1 ? '' : 's'}, and the old one was revoked.\n`,
        );
        return;
      }
      // The new value is nowhere else: hand it over rather than lose it, as create does.
      if (!outcome.places.some((place) => place.holds === 'new')) io.stdout(`${newValue}\n`);
      throw new LocalFailure(
        `Nothing was revoked: both tokens are valid (old ${outcome.oldRedacted}, id ${old.id}; new ${outcome.newToken.redacted}, id ${outcome.newToken.id}). ${places.join('; ')}. ${outcome.failure?.startsWith('revoking') ? 'Revoke the old token with "sls-token revoke" once you have checked.' : 'Fix the files named, put the new token in them, then revoke the old token with "sls-token revoke".'}`,
      );
    },
  };
}

/** The value to replace: from stdin, or the one SLS token every file holds; checked before any request. */
async function oldTokenValue(
  paths: string[],
  files: string[],
  fromStdin: boolean,
  io: CliEnvironment,
): Promise<string> {
  const texts: string[] = [];
  for (const [index, path] of paths.entries()) {
    try {
      const file = await readConfigFile(path);
      if (!file) throw invalidInput(`${files[index]} does not exist.`);
      refuseReadOnly(files[index], file.mode);
      texts.push(file.text);
    } catch (error) {
      if (isConfigEditError(error)) throw invalidInput(`${error.message} Nothing was minted.`);
      throw error;
    }
  }
  let oldValue: string;
  if (fromStdin) {
    oldValue = (await io.readStdin()).trim();
    if (!isSlsToken(oldValue)) throw invalidInput('What came on stdin is not an SLS token.');
  } else {
    const found = new Set(
      texts.flatMap((text) => findSlsTokens(text).map((match) => text.slice(match.start, match.end))),
    );
    if (found.size !== 1)
      throw invalidInput(
        found.size === 0
          ? 'The files hold no SLS token. Nothing was minted.'
          : `The files hold ${found.size} different SLS tokens (${[...found].map(redactSecret).join(', ')}): pipe the one to replace to --old-token-stdin. Nothing was minted.`,
      );
    oldValue = [...found][0];
  }
  const without = files.filter((_, index) => !texts[index].includes(oldValue));
  if (without.length > 0)
    throw invalidInput(
      `${without.join(', ')} do${without.length === 1 ? 'es' : ''} not hold the token to replace. Nothing was minted.`,
    );
  return oldValue;
}
