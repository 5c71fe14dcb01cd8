/**
 * Named sign-ins for the CLI. What is not secret (the Client ID, the endpoints, whoami, the role and expiry the
 * user recorded, when it last signed in) is kept in profiles.json in the config folder, 0600; the Client Secret
 * and the cached bearer live in a SecretStore (the OS keyring) under the profile's name.
 */
import { join } from 'node:path';
import type { WhoAmI } from '../api';
import { readJsonFile, writePrivateJsonFile } from './private-file';

export interface ProfileRecord {
  clientId: string;
  idUrl: string;
  apiUrl: string;
  /** The Service Principal role the user recorded (the API never tells it). */
  role?: string;
  /** The day the credential expires (YYYY-MM-DD): as given at login, else 36 months after it. */
  expiresOn: string;
  createdOn: string;
  /** Who the credential is: cached, since a credential's tenant and region never change. */
  whoami: WhoAmI;
  /** ISO-8601. */
  lastSignInAt?: string;
  /** 'file' only when the user chose --insecure-storage. */
  storage: 'keyring' | 'file';
}

export interface ProfilesDocument {
  defaultProfile?: string;
  profiles: Record<string, ProfileRecord>;
}

const profileNamePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isProfileName(name: string): boolean {
  return profileNamePattern.test(name);
}

/** Accounts under which a profile's secrets sit in the SecretStore. */
export const secretAccounts = (profile: string) => ({
  clientSecret: `${profile}:client-secret`,
  bearer: `${profile}:bearer`,
});

export class ProfileStore {
  readonly file: string;

  constructor(readonly folder: string) {
    this.file = join(folder, 'profiles.json');
  }

  async read(): Promise<ProfilesDocument> {
    const json = (await readJsonFile(this.file)) as Partial<ProfilesDocument> | undefined;
    const profiles = json && typeof json.profiles === 'object' && json.profiles !== null ? json.profiles : {};
    return {
      ...(typeof json?.defaultProfile === 'string' ? { defaultProfile: json.defaultProfile } : {}),
      profiles: { ...profiles },
    };
  }

  async get(name: string): Promise<ProfileRecord | undefined> {
    const { profiles } = await this.read();
    return Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  }

  /** Adds or replaces a profile; the first one, or one saved with makeDefault, becomes the default. */
  async save(name: string, record: ProfileRecord, makeDefault = false): Promise<{ isDefault: boolean }> {
    const document = await this.read();
    document.profiles[name] = record;
    if (makeDefault || !document.defaultProfile || !document.profiles[document.defaultProfile])
      document.defaultProfile = name;
    await writePrivateJsonFile(this.file, document);
    return { isDefault: document.defaultProfile === name };
  }

  async update(name: string, change: Partial<ProfileRecord>): Promise<void> {
    const document = await this.read();
    const record = document.profiles[name];
    if (!record) return;
    document.profiles[name] = { ...record, ...change };
    await writePrivateJsonFile(this.file, document);
  }

  async remove(name: string): Promise<boolean> {
    const document = await this.read();
    if (!Object.hasOwn(document.profiles, name)) return false;
    delete document.profiles[name];
    if (document.defaultProfile === name) delete document.defaultProfile;
    await writePrivateJsonFile(this.file, document);
    return true;
  }

  async setDefault(name: string): Promise<void> {
    const document = await this.read();
    document.defaultProfile = name;
    await writePrivateJsonFile(this.file, document);
  }
}
