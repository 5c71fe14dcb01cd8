/** The extension's settings, typed, read in one place. A unit test keeps these keys in step with package.json. */
import * as vscode from 'vscode';
import { isAbsolute, join } from 'node:path';
import {
  normalizeBaseUrl,
  requireSecretSafeUrl,
  type CentralEndpoints,
  type CertificateSource,
  type NetworkHints,
  type NetworkOptions,
} from '../core/api';

import { configSection, settingDefaults } from './settings';

export { configSection, settingDefaults, type SettingKey } from './settings';

/** The URLs to talk to; a malformed setting falls back to the default and is reported, not thrown at activation. */
export function readEndpoints(onInvalid: (message: string) => void = () => undefined): CentralEndpoints {
  const config = vscode.workspace.getConfiguration(configSection);
  const read = (key: 'idUrl' | 'apiUrl', what: string): string => {
    const value = config.get<string>(key) ?? settingDefaults[key];
    try {
      return requireSecretSafeUrl(normalizeBaseUrl(value, what), `${what} (${configSection}.${key})`);
    } catch (error) {
      onInvalid(`${configSection}.${key}: ${(error as Error).message} Using ${settingDefaults[key]}.`);
      return settingDefaults[key];
    }
  };
  return { idUrl: read('idUrl', 'Sophos ID URL'), apiUrl: read('apiUrl', 'API URL') };
}

export function affectsEndpoints(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(`${configSection}.idUrl`) || event.affectsConfiguration(`${configSection}.apiUrl`);
}

/** What an editor user changes when the network gets in the way: named in TLS and proxy failures. */
export const editorNetworkHints: NetworkHints = {
  tls: `Add the CA certificate that signs it (your TLS-inspecting proxy's, or your private CA) to the setting ${configSection}.caCertificates.`,
  proxy:
    'Check the settings http.proxy and http.noProxy; proxy credentials go in http.proxyAuthorization or in the http.proxy URL.',
};

export interface NetworkSettings {
  /** Proxy and trust options for resolveNetwork, without the certificates (they are read from caSources). */
  options: NetworkOptions;
  caSources: CertificateSource[];
}

/**
 * VS Code's proxy settings and sophosCentral.caCertificates, read in one place.
 * - `http.proxy` (with `http.noProxy`, `http.proxyStrictSSL`, `http.proxyAuthorization`) wins; when it is
 *   empty, HTTPS_PROXY / HTTP_PROXY / NO_PROXY of the extension host's environment apply, as in VS Code itself;
 *   `http.proxySupport: "off"` means no proxy at all.
 * - `http.systemCertificates` (default true) adds the operating system's CA store where the runtime can read it.
 * - `sophosCentral.caCertificates`: each entry is PEM text (starting with -----BEGIN CERTIFICATE-----) or the
 *   path of a PEM file (absolute, ~/..., or relative to the first workspace folder). NODE_EXTRA_CA_CERTS is
 *   Node's own: read again only where Node's store lacks it (certificateSources).
 */
export function readNetworkSettings(): NetworkSettings {
  const http = vscode.workspace.getConfiguration('http');
  const ours = vscode.workspace.getConfiguration(configSection);
  const proxySupport = http.get<string>('proxySupport');
  const proxyUrl = (http.get<string>('proxy') ?? '').trim();
  const noProxy = http.get<string[] | string>('noProxy') ?? [];
  const options: NetworkOptions = {
    useEnvironment: proxySupport !== 'off',
    env: process.env,
    useSystemCertificates: http.get<boolean>('systemCertificates') !== false,
    hints: editorNetworkHints,
  };
  if (proxySupport !== 'off' && proxyUrl) {
    options.proxy = {
      url: proxyUrl,
      source: 'http.proxy',
      noProxy: Array.isArray(noProxy)
        ? noProxy.filter((entry): entry is string => typeof entry === 'string')
        : String(noProxy),
      strictSSL: http.get<boolean>('proxyStrictSSL') !== false,
      authorization: http.get<string | null>('proxyAuthorization') ?? undefined,
    };
  }
  const configured = ours.get<unknown>('caCertificates');
  const entries = (Array.isArray(configured) ? configured : typeof configured === 'string' ? [configured] : []).filter(
    (entry): entry is string => typeof entry === 'string' && entry.trim() !== '',
  );
  // A relative path names a file in the workspace: in an untrusted one that file is the repository's, not yours.
  const folder = vscode.workspace.isTrusted ? vscode.workspace.workspaceFolders?.[0]?.uri : undefined;
  const caSources: CertificateSource[] = entries.map((entry, index) => {
    const origin = `${configSection}.caCertificates[${index}]`;
    const text = entry.trim();
    if (text.startsWith('-----BEGIN')) return { pem: text, origin };
    const file =
      isAbsolute(text) || text.startsWith('~') || !folder || folder.scheme !== 'file'
        ? text
        : join(folder.fsPath, text);
    return { file, origin };
  });
  return { options, caSources };
}

const networkSettings = [
  'http.proxy',
  'http.noProxy',
  'http.proxyStrictSSL',
  'http.proxyAuthorization',
  'http.proxySupport',
  'http.systemCertificates',
  `${configSection}.caCertificates`,
];

export function affectsNetwork(event: vscode.ConfigurationChangeEvent): boolean {
  return networkSettings.some((key) => event.affectsConfiguration(key));
}
