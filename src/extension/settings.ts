/** Setting keys and defaults, free of `vscode` so a unit test can hold them against package.json. */
export const configSection = 'sophosCentral';

export const settingDefaults = {
  idUrl: 'https://id.sophos.com',
  apiUrl: 'https://api.central.sophos.com',
  /** Extra trusted CA certificates: each entry a PEM file path or PEM text (see config.ts readNetworkSettings). */
  caCertificates: [] as string[],
} as const;

export type SettingKey = keyof typeof settingDefaults;
