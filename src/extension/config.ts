/** The extension's settings, typed, read in one place. A unit test keeps these keys in step with package.json. */
import * as vscode from 'vscode';
import { normalizeBaseUrl, type CentralEndpoints } from '../core/api';

import { configSection, settingDefaults, type SettingKey } from './settings';

export { configSection, settingDefaults, type SettingKey } from './settings';

/** The URLs to talk to; a malformed setting falls back to the default and is reported, not thrown at activation. */
export function readEndpoints(onInvalid: (message: string) => void = () => undefined): CentralEndpoints {
  const config = vscode.workspace.getConfiguration(configSection);
  const read = (key: SettingKey, what: string): string => {
    const value = config.get<string>(key) ?? settingDefaults[key];
    try {
      return normalizeBaseUrl(value, what);
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
