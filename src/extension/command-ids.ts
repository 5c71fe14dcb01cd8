/** Every command id in one place; package.json declares the same ids (a test keeps them in step). */
export const CommandId = {
  addCredential: 'sophosCentral.addCredential',
  testCredential: 'sophosCentral.testCredential',
  editCredential: 'sophosCentral.editCredential',
  deleteCredential: 'sophosCentral.deleteCredential',
  copyClientId: 'sophosCentral.copyClientId',
  createSlsToken: 'sophosCentral.createSlsToken',
  copyToken: 'sophosCentral.copyToken',
  updateToken: 'sophosCentral.updateToken',
  rotateSlsToken: 'sophosCentral.rotateSlsToken',
  revokeToken: 'sophosCentral.revokeToken',
  selectTenant: 'sophosCentral.selectTenant',
  refresh: 'sophosCentral.refresh',
  refreshTokens: 'sophosCentral.refreshTokens',
  showLogs: 'sophosCentral.showLogs',
  suspendCredential: 'sophosCentral.suspendCredential',
  unsuspendCredential: 'sophosCentral.unsuspendCredential',
  resetInactivity: 'sophosCentral.resetInactivity',
  setInactivityLimit: 'sophosCentral.setInactivityLimit',
  openCredential: 'sophosCentral.openCredential',
  insertTokenAtCursor: 'sophosCentral.insertTokenAtCursor',
  insertTokenIntoFile: 'sophosCentral.insertTokenIntoFile',
  addIntegrationCredential: 'sophosCentral.addIntegrationCredential',
  copyIntegrationSecret: 'sophosCentral.copyIntegrationSecret',
  copyForConnectorProfile: 'sophosCentral.copyForConnectorProfile',
  enterSecret: 'sophosCentral.enterSecret',
  exportMetadata: 'sophosCentral.exportMetadata',
  importMetadata: 'sophosCentral.importMetadata',
  scanWorkspace: 'sophosCentral.scanWorkspace',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** Registered but not contributed (no palette entry): the command behind a quick fix, a lifecycle check now. */
export const InternalCommandId = {
  storeTokenFromFile: 'sophosCentral.storeTokenFromFile',
  storeClientSecretFromFile: 'sophosCentral.storeClientSecretFromFile',
  checkLifecycle: 'sophosCentral.checkLifecycle',
} as const;

export type InternalCommandId = (typeof InternalCommandId)[keyof typeof InternalCommandId];

export const viewId = 'sophosCentral.credentials';

/** The authentication provider other extensions ask for sessions. */
export const authProviderId = 'sophos-central';
