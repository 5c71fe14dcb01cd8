/** Setting keys and defaults, free of `vscode` so a unit test can hold them against package.json. */
export const configSection = 'sophosCentral';

export const settingDefaults = {
  idUrl: 'https://id.sophos.com',
  apiUrl: 'https://api.central.sophos.com',
  /** Extra trusted CA certificates: each entry a PEM file path or PEM text (see config.ts readNetworkSettings). */
  caCertificates: [] as string[],
  /** Warn where an open file holds an SLS token or a stored secret in plain text (see config-files/secret-diagnostics.ts). */
  'secretDetection.enabled': true as boolean,
  /** Seconds after which a copied secret is cleared from the clipboard if it is still there; 0 never. */
  clipboardClearSeconds: 30 as number,
  /** This workspace's credential (a name) and tenant (an id): see workspace-binding.ts. Ignored when untrusted. */
  workspaceCredential: '' as string,
  workspaceTenant: '' as string,
} as const;

export type SettingKey = keyof typeof settingDefaults;
