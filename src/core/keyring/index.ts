/**
 * The OS keyring (macOS Keychain, Windows Credential Manager, the Secret Service on Linux) through
 * @napi-rs/keyring, behind the small SecretStore interface. The native module is loaded on first use, so a command
 * that never touches a secret never loads it, and a machine without it gets a clear error instead of a crash.
 */
import { createRequire } from 'node:module';

/** Where a profile's secrets live: the OS keyring, or (only when asked for) a 0600 file. */
export interface SecretStore {
  readonly kind: 'keyring' | 'file';
  get(account: string): Promise<string | undefined>;
  set(account: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

/** No keyring, a locked one, or one that refused us: the message says what to do about it. */
export class KeyringUnavailableError extends Error {
  constructor(readonly detail: string) {
    super(
      `The OS keyring is not available (${detail}). ` +
        (process.platform === 'linux'
          ? 'On Linux the secrets go to a Secret Service: install one (e.g. sudo apt-get install gnome-keyring) and unlock it in your desktop session; on a server without a desktop, run the command inside "dbus-run-session" with gnome-keyring-daemon --unlock started. '
          : 'Unlock the keychain (macOS) or check the Credential Manager (Windows). ') +
        'Alternatives: set SOPHOS_CLIENT_ID and SOPHOS_CLIENT_SECRET (CI), or sign in with --insecure-storage to keep the secret in a file only you can read (not encrypted).',
    );
  }
}

interface KeyringEntry {
  getPassword(): Promise<string | null>;
  setPassword(password: string): Promise<void>;
  deletePassword(): Promise<boolean>;
}
type KeyringModule = {
  AsyncEntry: new (
    service: string,
    account: string,
    options?: { linux?: { store?: 'secret-service' } },
  ) => KeyringEntry;
};

let keyringModule: KeyringModule | undefined;

/** Loaded by name at run time: the CLI bundle keeps the native package external. */
function loadKeyring(): KeyringModule {
  try {
    keyringModule ??= createRequire(__filename)('@napi-rs/keyring') as KeyringModule;
    return keyringModule;
  } catch (error) {
    throw new KeyringUnavailableError(`the @napi-rs/keyring module could not be loaded: ${(error as Error).message}`);
  }
}

export class OsKeyring implements SecretStore {
  readonly kind = 'keyring';

  constructor(private readonly service: string) {}

  async get(account: string): Promise<string | undefined> {
    return (await this.call(account, (entry) => entry.getPassword())) ?? undefined;
  }

  async set(account: string, value: string): Promise<void> {
    await this.call(account, (entry) => entry.setPassword(value));
  }

  async delete(account: string): Promise<boolean> {
    return this.call(account, (entry) => entry.deletePassword());
  }

  private async call<T>(account: string, action: (entry: KeyringEntry) => Promise<T>): Promise<T> {
    const { AsyncEntry } = loadKeyring();
    try {
      // On Linux the library would fall back to the kernel's keyutils, which forgets everything at reboot and
      // is not shared between sessions: a secret saved there would vanish. The Secret Service or a clear error.
      return await action(new AsyncEntry(this.service, account, { linux: { store: 'secret-service' } }));
    } catch (error) {
      // The library's messages name the platform's failure (no D-Bus, no Secret Service, locked); never a secret.
      throw new KeyringUnavailableError(oneLine((error as Error).message));
    }
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}
