import { AsyncEntry } from '@napi-rs/keyring';
import { ApiError } from '@shared/api/errors.js';

/**
 * Where passwords and tokens live. Only the OS keychain (Keychain, Credential Manager, Secret
 * Service) backs it in the product: secrets never touch the database or a log.
 */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export const KEYCHAIN_SERVICE = 'Steward';

/**
 * On Linux the entry is pinned to the Secret Service: the library would otherwise fall back to
 * the kernel keyring, which forgets everything at logout, and a password that silently vanishes
 * is worse than a clear error now. The async entry keeps keychain round trips (a D-Bus call on
 * Linux) off the event loop.
 */
export class KeychainSecretStore implements SecretStore {
  constructor(private readonly service: string = KEYCHAIN_SERVICE) {}

  get(key: string): Promise<string | null> {
    return this.guard('read', async () => (await this.entry(key).getPassword()) ?? null);
  }

  set(key: string, value: string): Promise<void> {
    return this.guard('save', () => this.entry(key).setPassword(value));
  }

  delete(key: string): Promise<void> {
    return this.guard('delete', async () => {
      await this.entry(key).deletePassword();
    });
  }

  private entry(key: string): AsyncEntry {
    return new AsyncEntry(this.service, key, { linux: { store: 'secret-service' } });
  }

  private async guard<T>(verb: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiError(
        'keychain_unavailable',
        `Steward could not ${verb} a secret in the OS keychain: ${reason}. ` +
          'On Linux, install and unlock a Secret Service keyring (gnome-keyring or KeePassXC); ' +
          'on macOS and Windows, make sure the login keychain or Credential Manager is available.',
      );
    }
  }
}
