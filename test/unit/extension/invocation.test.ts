import assert from 'node:assert/strict';
import { SophosApiError } from '../../../src/core/api';
import { CommandId } from '../../../src/extension/command-ids';
import { commandArgs } from '../../../src/extension/commands/command-args';
import { actionOn, fromOurUi, invocationOf } from '../../../src/extension/commands/invocation';

const refusal = (message: string) => (error: unknown) =>
  error instanceof SophosApiError && error.kind === 'invalidInput' && error.message === message;

describe('a command invocation, decided once', () => {
  it('is from our UI only for an object our UI made, whatever its shape', () => {
    const node = fromOurUi({ kind: 'token' as const, credentialId: 'c1', tokenId: 't1', label: 'CI' });
    assert.deepEqual(invocationOf(commandArgs.copyToken, node), { from: 'ui', target: node });
    const button = actionOn('c1', 'secret');
    assert.deepEqual(invocationOf(commandArgs.editCredential, button), {
      from: 'ui',
      target: { kind: 'action', credentialId: 'c1', field: 'secret' },
    });
  });

  it('cannot be retargeted: a quick fix’s target that another extension got hold of still names only its own place', () => {
    const target = fromOurUi({ kind: 'secretInFile' as const, uri: 'file:///w/.env', start: 10, end: 40 });
    assert.throws(() => Object.assign(target, { kind: 'token', credentialId: 'c1', tokenId: 'kept-elsewhere' }));
    assert.deepEqual(invocationOf(commandArgs.copyToken, target), {
      from: 'ui',
      target: { kind: 'secretInFile', uri: 'file:///w/.env', start: 10, end: 40 },
    });
  });

  it('hands a token’s target (a tree node, the Rotate quick fix) only to the token commands, never to its credential’s', () => {
    const rotateFix = fromOurUi({ kind: 'token' as const, credentialId: 'c1', tokenId: 't1', label: 'CI' });
    for (const id of [CommandId.copyForConnectorProfile, CommandId.createSlsToken, CommandId.copyClientId])
      assert.throws(() => invocationOf(commandArgs.copyForConnectorProfile, rotateFix, id), /Choose a credential/);
    assert.deepEqual(invocationOf(commandArgs.rotateSlsToken, rotateFix, CommandId.rotateSlsToken), {
      from: 'ui',
      target: rotateFix,
    });
  });

  it('treats a forged look-alike of a tree node as a call, keeping only the arguments the command takes', () => {
    const forged = { kind: 'token', credentialId: 'c1', tokenId: 't1', label: 'CI' };
    assert.deepEqual(invocationOf(commandArgs.copyToken, forged), { from: 'call', args: { tokenId: 't1' } });
    assert.throws(
      () =>
        invocationOf(commandArgs.copyIntegrationSecret, { kind: 'integrationField', credentialId: 'c1', fieldId: 'f' }),
      refusal('The argument "credential" is required.'),
    );
  });

  it('is the palette without an argument', () => {
    assert.deepEqual(invocationOf(commandArgs.testCredential, undefined), { from: 'palette' });
    assert.deepEqual(invocationOf(commandArgs.testCredential, null), { from: 'palette' });
  });

  const refused: [string, keyof typeof commandArgs, unknown, string][] = [
    ['a missing argument', 'selectTenant', { credential: 'Acme' }, 'The argument "tenantId" is required.'],
    [
      'a number for a string',
      'createSlsToken',
      { credential: 'Acme', label: 42 },
      'The argument "label" must be a string.',
    ],
    [
      'a string for a boolean',
      'addCredential',
      { name: 'A', clientId: 'x', clientSecret: 'y', test: 'no' },
      'The argument "test" must be a boolean.',
    ],
    [
      'a value outside a choice of two',
      'copyForConnectorProfile',
      { credential: 'A', copy: 'all' },
      'The argument "copy" must be "clientId" or "clientSecret".',
    ],
    [
      'a nested value',
      'editCredential',
      { credential: 'A', inactivity: { suspendAfterDays: 30 } },
      'The argument "inactivity.purgeAfterDays" is required.',
    ],
    [
      'a field value of the wrong type',
      'addIntegrationCredential',
      { type: 't', name: 'n', values: { url: 7 } },
      'The argument "values.url" must be a string.',
    ],
    [
      'a negative offset',
      'storeTokenFromFile',
      { uri: 'file:///a.env', start: -1, end: 3 },
      'The argument "start" must be at least 0.',
    ],
    [
      'an argument that is not an object',
      'testCredential',
      'Acme',
      'Pass the arguments as one object, e.g. { credential: "Acme" }.',
    ],
  ];
  for (const [name, command, args, message] of refused) {
    it(`refuses ${name}, naming it`, () => {
      assert.throws(() => invocationOf(commandArgs[command], args), refusal(message));
    });
  }

  it('counts a null argument as not given', () => {
    assert.deepEqual(invocationOf(commandArgs.createSlsToken, { credential: 'Acme', label: null }), {
      from: 'call',
      args: { credential: 'Acme' },
    });
  });
});
