/** `sls-token create|list|update|revoke`: the SLS guide's access tokens, minted, listed, changed and revoked. */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { invalidInput, parseExpiry, slsCredentialWarning, tenantIdAsGiven, validateLabel } from '../../core/api';
import {
  detectConfigFormat,
  isConfigEditError,
  refuseSymlink,
  setConfigValue,
  writeConfigValue,
  type ConfigFormat,
} from '../../core/config-files';
import { stringOption as option, type CommandModule, type OptionValues, type PlannedCommand } from '../command';
import { defaultTokenKey } from '../defaults';
import { LocalFailure } from '../failures';
import { formatAccessTokens, plainText, toJson } from '../output';
import { reportOrphans } from './minting';
import { planRotate, rotateOptions } from './sls-token-rotate';

const commandOptions = ['label', 'expires-at', 'tenant', 'format', 'write', 'key', 'in', 'old-token-stdin'] as const;
type CommandOption = (typeof commandOptions)[number];

export const slsTokenCommands: CommandModule = {
  options: {
    label: { type: 'string' },
    'expires-at': { type: 'string' },
    tenant: { type: 'string' },
    format: { type: 'string' },
    write: { type: 'string' },
    key: { type: 'string' },
    ...rotateOptions,
  },
  plan(_name, { args, values }) {
    const [sub, ...rest] = args;
    // Kept as typed: Sophos gets back the id it gave, case included.
    const tenant = option(values, 'tenant');
    const tenantId = tenant === undefined ? undefined : tenantIdAsGiven(tenant);
    const allowOnly = (allowed: CommandOption[], what: string) => {
      const extra = commandOptions.filter((option) => values[option] !== undefined && !allowed.includes(option));
      if (extra.length > 0) throw invalidInput(`"${what}" does not take --${extra.join(', --')}.`);
    };
    const noMoreArguments = (count: number, what: string) => {
      if (rest.length > count) throw invalidInput(`"${what}" takes no argument "${rest[count]}".`);
    };
    if (sub === 'create') return planCreate(values, tenantId, rest);
    if (sub === 'list') {
      noMoreArguments(0, 'sls-token list');
      allowOnly(['tenant'], 'sls-token list');
      return {
        run: async ({ client, json, environment }) => {
          const tokens = await (await client()).listAccessTokens({ tenantId });
          environment.stdout(json ? toJson(tokens) : formatAccessTokens(tokens));
        },
      };
    }
    if (sub === 'revoke') {
      const tokenId = rest[0];
      if (!tokenId)
        throw invalidInput(
          'Name the token to revoke: sophos-central sls-token revoke TOKEN-ID (see "sls-token list").',
        );
      noMoreArguments(1, 'sls-token revoke');
      allowOnly(['tenant'], 'sls-token revoke');
      return {
        run: async ({ client, json, environment }) => {
          await (await client()).revokeAccessToken(tokenId, { tenantId });
          environment.stdout(json ? toJson({ revoked: tokenId }) : `Revoked access token ${tokenId}.\n`);
        },
      };
    }
    if (sub === 'update') {
      allowOnly(['label', 'expires-at', 'tenant'], 'sls-token update');
      return planUpdate(values, tenantId, rest);
    }
    if (sub === 'rotate') {
      allowOnly(['label', 'expires-at', 'tenant', 'in', 'old-token-stdin'], 'sls-token rotate');
      return planRotate(values, tenantId, rest);
    }
    throw invalidInput(
      'Use "sls-token create", "sls-token list", "sls-token update", "sls-token revoke" or "sls-token rotate".',
    );
  },
};

function planUpdate(values: OptionValues, tenantId: string | undefined, rest: string[]): PlannedCommand {
  const tokenId = rest[0];
  if (!tokenId)
    throw invalidInput(
      'Name the token to update: sophos-central sls-token update TOKEN-ID --label L and/or --expires-at DATE (see "sls-token list").',
    );
  if (rest.length > 1) throw invalidInput(`"sls-token update" takes no argument "${rest[1]}".`);
  const labelText = option(values, 'label');
  const expiryText = option(values, 'expires-at');
  if (labelText === undefined && expiryText === undefined) {
    throw invalidInput(
      '"sls-token update" needs --label (1 to 50 characters), --expires-at (an ISO-8601 date), or both.',
    );
  }
  const label = labelText === undefined ? undefined : validateLabel(labelText);
  const expiresAt = expiryText === undefined ? undefined : parseExpiry(expiryText);
  return {
    run: async ({ client, json, environment: io }) => {
      const token = await (await client()).updateAccessToken(tokenId, { label, expiresAt, tenantId });
      io.stdout(
        json
          ? toJson(token)
          : `Updated access token ${plainText(token.id)}: label ${token.label === undefined ? '(none)' : `"${plainText(token.label)}"`}, expires ${plainText(token.expiresAt ?? 'never')}.\n`,
      );
    },
  };
}

const printFormats = ['raw', 'env', 'yaml', 'json'] as const;
type PrintFormat = (typeof printFormats)[number];

function planCreate(values: OptionValues, tenantId: string | undefined, rest: string[]): PlannedCommand {
  if (rest.length > 0) throw invalidInput(`"sls-token create" takes no argument "${rest[0]}".`);
  const labelText = option(values, 'label');
  if (labelText === undefined)
    throw invalidInput('"sls-token create" needs --label (1 to 50 characters), e.g. --label "SLS Token".');
  const label = validateLabel(labelText);
  const expiryText = option(values, 'expires-at');
  const expiresAt = expiryText === undefined ? undefined : parseExpiry(expiryText);
  const format = (option(values, 'format') ?? 'raw') as PrintFormat;
  if (!printFormats.includes(format)) throw invalidInput(`--format must be one of ${printFormats.join(', ')}.`);
  const keyText = option(values, 'key');
  const key = keyText ?? defaultTokenKey;
  const file = option(values, 'write');
  if (keyText !== undefined && file === undefined && format === 'raw') {
    throw invalidInput('--key names the entry written by --write or printed by --format env|yaml|json.');
  }
  let fileFormat: ConfigFormat | undefined;
  if (file !== undefined) {
    fileFormat = detectConfigFormat(file);
    if (!fileFormat)
      throw invalidInput(
        `Cannot tell the format of "${file}" from its name: use a .env, .yaml/.yml, .json or .sh file.`,
      );
  }
  return {
    // Refuse a file we could not edit before minting a token whose value would then be lost.
    check: file && fileFormat ? () => checkWritable(file, fileFormat!, key) : undefined,
    run: async ({ client: clientOf, json, environment: io }) => {
      const client = await clientOf();
      // whoami is cached: asking it here costs no request. Without --tenant the create stops before any request.
      const me = await client.whoami();
      if (me.idType !== 'tenant' && tenantId !== undefined)
        io.stderr(`warning: ${slsCredentialWarning(me.idType)} Trying anyway, as asked.\n`);
      const result = await client.createAccessToken({ label, expiresAt, tenantId });
      const { token: value, ...metadata } = result.token;
      reportOrphans(result, io.stderr);
      if (file && fileFormat) {
        let action: string;
        try {
          action = (await writeConfigValue(file, key, value, fileFormat)).action;
        } catch (error) {
          // The value exists only here now: hand it over rather than lose it.
          io.stdout(`${value}\n`);
          throw new LocalFailure(
            `The token was created (id ${metadata.id}) but ${file} could not be written: ${(error as Error).message}. Its value was printed above; store it now.`,
          );
        }
        io.stderr(
          `Wrote ${key} to ${file} (${action}). Token id ${plainText(metadata.id)}, expires ${plainText(metadata.expiresAt ?? 'never')}.\n`,
        );
        if (json) io.stdout(toJson({ ...metadata, written: { file, key, action } }));
        return;
      }
      if (json) io.stdout(toJson(result.token));
      else if (format === 'raw') io.stdout(`${value}\n`);
      else io.stdout(ensureNewline(setConfigValue('', format === 'env' ? 'env' : format, key, value).text));
    },
  };
}

async function checkWritable(file: string, format: ConfigFormat, key: string): Promise<void> {
  try {
    await refuseSymlink(file);
  } catch (error) {
    if (isConfigEditError(error)) throw invalidInput(error.message);
    throw error;
  }
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw invalidInput(`Cannot read ${file}: ${(error as Error).message}`);
    // A new file: its folder must exist, or the write after minting would fail and leave only a printed value.
    const folder = dirname(resolve(file));
    const isFolder = await stat(folder).then(
      (found) => found.isDirectory(),
      () => false,
    );
    if (!isFolder)
      throw invalidInput(
        `Cannot write ${file}: the folder ${folder} does not exist. Create it first, or choose another file.`,
      );
  }
  try {
    setConfigValue(text, format, key, 'SLS-placeholder');
  } catch (error) {
    throw invalidInput(`Cannot put ${key} into ${file}: ${(error as Error).message}`);
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
