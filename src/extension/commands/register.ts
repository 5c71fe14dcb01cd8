/**
 * Registers every command. Each runs through `guarded`: from a menu or the palette a failure is shown with
 * its fix (and logged); called with an argument object (other extensions, keybindings, tests) it rejects
 * with the same message so the caller can act on it.
 */
import * as vscode from 'vscode';
import { CommandId, InternalCommandId } from '../command-ids';
import { presentError } from '../error-presentation';
import type { Services } from '../services';
import type { CredentialsTreeProvider, TreeNode } from '../tree/credentials-tree';
import { showFailure } from '../ui';
import { addCredential } from './add-credential';
import { copyClientId, deleteCredential, editCredential, selectTenant, testCredential } from './credential-commands';
import { argsOf, isTreeNode } from './targets';
import { copyForConnectorProfile } from './connector-commands';
import { addIntegrationCredential, copyIntegrationSecret } from './integration-commands';
import { resetInactivity, setInactivityLimit, suspendCredential, unsuspendCredential } from './lifecycle-commands';
import { copyToken, createSlsToken, revokeToken } from './token-commands';
import { updateToken } from './update-token';
import { insertTokenAtCursor, insertTokenIntoFile, storeTokenFromFile } from '../config-files';

type Handler = (target: unknown, ...rest: unknown[]) => Promise<unknown>;

export function registerCommands(
  services: Services,
  tree: CredentialsTreeProvider,
  openCredential: Handler,
): (id: string, args: unknown[]) => Promise<unknown> {
  const handlers: Record<CommandId | InternalCommandId, Handler> = {
    [CommandId.addCredential]: (target) => addCredential(services, target),
    [CommandId.testCredential]: (target) => testCredential(services, target),
    [CommandId.editCredential]: (target, field) => editCredential(services, target, field),
    [CommandId.deleteCredential]: (target) => deleteCredential(services, target),
    [CommandId.copyClientId]: (target) => copyClientId(services, target),
    [CommandId.selectTenant]: (target) => selectTenant(services, target),
    [CommandId.createSlsToken]: (target) => createSlsToken(services, tree, target),
    [CommandId.copyToken]: (target) => copyToken(services, target),
    [CommandId.updateToken]: (target) => updateToken(services, tree, target),
    [CommandId.revokeToken]: (target) => revokeToken(services, tree, target),
    [CommandId.refresh]: async () => {
      tree.refresh(true);
      return { refreshed: true };
    },
    [CommandId.refreshTokens]: async (target) => {
      if (isTreeNode(target)) tree.refreshTokens(target.credentialId);
      else tree.refresh(true);
      return { refreshed: true };
    },
    [CommandId.showLogs]: async () => services.log.show(),
    [CommandId.suspendCredential]: (target) => suspendCredential(services, target),
    [CommandId.unsuspendCredential]: (target) => unsuspendCredential(services, target),
    [CommandId.resetInactivity]: (target) => resetInactivity(services, target),
    [CommandId.setInactivityLimit]: (target) => setInactivityLimit(services, target),
    [CommandId.openCredential]: (target) => openCredential(target),
    [CommandId.insertTokenAtCursor]: (target) => insertTokenAtCursor(services, target),
    [CommandId.insertTokenIntoFile]: (target) => insertTokenIntoFile(services, target),
    [CommandId.addIntegrationCredential]: (target) => addIntegrationCredential(services, target),
    [CommandId.copyIntegrationSecret]: (target) => copyIntegrationSecret(services, target),
    [CommandId.copyForConnectorProfile]: (target) => copyForConnectorProfile(services, target),
    [InternalCommandId.storeTokenFromFile]: (target) => storeTokenFromFile(services, target),
  };
  return (id, args) => {
    const handler = handlers[id as CommandId];
    if (!handler) return Promise.reject(new Error(`Unknown command ${id}.`));
    return guarded(services, id, handler, args);
  };
}

async function guarded(services: Services, id: string, handler: Handler, args: unknown[]): Promise<unknown> {
  const [target, ...rest] = args;
  try {
    return await handler(target, ...rest);
  } catch (error) {
    if (argsOf(target)) {
      const presented = presentError(error, false);
      services.logger.error(`${id}: ${presented.message ?? 'cancelled'}`);
      throw error instanceof Error ? error : new Error(presented.message);
    }
    const credentialId = isTreeNode(target) ? (target as TreeNode).credentialId : undefined;
    await showFailure(services, error, { credentialId, retry: () => vscode.commands.executeCommand(id, ...args) });
    return undefined;
  }
}
