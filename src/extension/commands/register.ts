/**
 * Every command id with its body. src/extension.ts registers the ids; each call comes here and runs through
 * `invoke` (invoke.ts), which decides how the command was invoked and checks a call's arguments.
 */
import { CommandId, InternalCommandId } from '../command-ids';
import type { Services } from '../services';
import type { CredentialsTreeProvider } from '../tree/credentials-tree';
import { addCredential } from './add-credential';
import type { Args } from './command-args';
import { copyClientId, deleteCredential, selectTenant, testCredential } from './credential-commands';
import { credentialOf, type Invocation } from './invocation';
import { command, invoke, type Command } from './invoke';
import { copyForConnectorProfile } from './connector-commands';
import { addIntegrationCredential, copyIntegrationSecret } from './integration-commands';
import { resetInactivity, setInactivityLimit, suspendCredential, unsuspendCredential } from './lifecycle-commands';
import { createSlsToken } from './create-sls-token';
import { editCredential } from './edit-credential';
import { copyToken, revokeToken } from './token-commands';
import { updateToken } from './update-token';
import { rotateSlsToken } from './rotate-sls-token';
import { enterSecret, exportCredentialsFile, importCredentialsFile } from './transfer-commands';
import {
  insertTokenAtCursor,
  insertTokenIntoFile,
  storeClientSecretFromFile,
  storeTokenFromFile,
} from '../config-files';

/** What the commands need from the features besides the services and the tree. */
export interface CommandParts {
  openCredential(invocation: Invocation<Args<'openCredential'>>): Promise<unknown>;
  checkLifecycle(): Promise<unknown>;
  scanWorkspace(invocation: Invocation<Args<'scanWorkspace'>>): Promise<unknown>;
}

/** Runs the command `id` with the arguments VS Code passed. */
export function registerCommands(
  services: Services,
  tree: CredentialsTreeProvider,
  parts: CommandParts,
): (id: string, args: unknown[]) => Promise<unknown> {
  const commands: { [Name in keyof typeof CommandId | keyof typeof InternalCommandId]: Command<Args<Name>> } = {
    addCredential: command('addCredential', (invocation) => addCredential(services, invocation)),
    testCredential: command('testCredential', (invocation) => testCredential(services, invocation)),
    editCredential: command('editCredential', (invocation) => editCredential(services, invocation)),
    deleteCredential: command('deleteCredential', (invocation) => deleteCredential(services, invocation)),
    copyClientId: command('copyClientId', (invocation) => copyClientId(services, invocation)),
    selectTenant: command('selectTenant', (invocation) => selectTenant(services, invocation)),
    createSlsToken: command('createSlsToken', (invocation) => createSlsToken(services, tree, invocation)),
    copyToken: command('copyToken', (invocation) => copyToken(services, invocation)),
    updateToken: command('updateToken', (invocation) => updateToken(services, tree, invocation)),
    revokeToken: command('revokeToken', (invocation) => revokeToken(services, tree, invocation)),
    rotateSlsToken: command('rotateSlsToken', (invocation) => rotateSlsToken(services, tree, invocation)),
    refresh: command('refresh', async () => {
      tree.refresh(true);
      return { refreshed: true };
    }),
    refreshTokens: command('refreshTokens', async (invocation) => {
      const credentialId = invocation.from === 'ui' ? credentialOf(invocation.target) : undefined;
      if (credentialId) tree.refreshTokens(credentialId);
      else tree.refresh(true);
      return { refreshed: true };
    }),
    showLogs: command('showLogs', async () => services.log.show()),
    suspendCredential: command('suspendCredential', (invocation) => suspendCredential(services, invocation)),
    unsuspendCredential: command('unsuspendCredential', (invocation) => unsuspendCredential(services, invocation)),
    resetInactivity: command('resetInactivity', (invocation) => resetInactivity(services, invocation)),
    setInactivityLimit: command('setInactivityLimit', (invocation) => setInactivityLimit(services, invocation)),
    openCredential: command('openCredential', parts.openCredential),
    insertTokenAtCursor: command('insertTokenAtCursor', (invocation) => insertTokenAtCursor(services, invocation)),
    insertTokenIntoFile: command('insertTokenIntoFile', (invocation) => insertTokenIntoFile(services, invocation)),
    addIntegrationCredential: command('addIntegrationCredential', (invocation) =>
      addIntegrationCredential(services, invocation),
    ),
    copyIntegrationSecret: command('copyIntegrationSecret', (invocation) =>
      copyIntegrationSecret(services, invocation),
    ),
    copyForConnectorProfile: command('copyForConnectorProfile', (invocation) =>
      copyForConnectorProfile(services, invocation),
    ),
    enterSecret: command('enterSecret', (invocation) => enterSecret(services, invocation)),
    exportMetadata: command('exportMetadata', (invocation) => exportCredentialsFile(services, invocation)),
    importMetadata: command('importMetadata', (invocation) => importCredentialsFile(services, invocation)),
    scanWorkspace: command('scanWorkspace', parts.scanWorkspace),
    storeTokenFromFile: command('storeTokenFromFile', (invocation) => storeTokenFromFile(services, invocation)),
    storeClientSecretFromFile: command('storeClientSecretFromFile', (invocation) =>
      storeClientSecretFromFile(services, invocation),
    ),
    checkLifecycle: command('checkLifecycle', () => parts.checkLifecycle()),
  };
  const ids: Record<string, string> = { ...CommandId, ...InternalCommandId };
  const byId = new Map(Object.entries(commands).map(([name, handler]) => [ids[name], handler as Command<unknown>]));
  return (id, args) => {
    const handler = byId.get(id);
    if (!handler) return Promise.reject(new Error(`Unknown command ${id}.`));
    return invoke(services, id, handler, args);
  };
}
