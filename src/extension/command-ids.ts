/** Every command id in one place; package.json declares the same ids (a test keeps them in step). */
export const CommandId = {
  addCredential: 'sophosCentral.addCredential',
  testCredential: 'sophosCentral.testCredential',
  editCredential: 'sophosCentral.editCredential',
  deleteCredential: 'sophosCentral.deleteCredential',
  copyClientId: 'sophosCentral.copyClientId',
  createSlsToken: 'sophosCentral.createSlsToken',
  copyToken: 'sophosCentral.copyToken',
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
  addIntegrationCredential: 'sophosCentral.addIntegrationCredential',
  copyIntegrationSecret: 'sophosCentral.copyIntegrationSecret',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];

export const viewId = 'sophosCentral.credentials';
