import { AsyncEntry } from '@napi-rs/keyring';
import { ApiError } from '@shared/api/errors.js';

/**
 * Where passwords and tokens live: the OS keychain (Keychain, Credential Manager, Secret
 * Service), or on a machine without one an encrypted file (encrypted-file-store.ts). Secrets
 * never touch the database or a log.
 */
export interface SecretStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

export const KEYCHAIN_SERVICE = 'Steward';

export type KeychainProbe = { readonly reachable: true } | { readonly reachable: false; readonly reason: string };

/** A keychain that neither answers nor fails (a hung D-Bus peer) counts as unreachable after this. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * On Linux the entry is pinned to the Secret Service: the library would otherwise fall back to
 * the kernel keyring, which forgets everything at logout, and a password that silently vanishes
 * is worse than a clear error now. The async entry keeps keychain round trips (a D-Bus call on
 * Linux) off the event loop.
 */
export class KeychainSecretStore implements SecretStore {
  private readonly entries = new Map<string, AsyncEntry>();

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

  /**
   * Whether the keychain answers at all: a read of an entry that does not exist, so nothing is
   * written and no unlock prompt can appear. A locked or read-only keychain still passes and
   * fails later, on the first write, with the error below.
   */
  async probe(): Promise<KeychainProbe> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<KeychainProbe>((resolve) => {
      timer = setTimeout(() => resolve({ reachable: false, reason: `it did not answer within ${PROBE_TIMEOUT_MS / 1000} s` }), PROBE_TIMEOUT_MS);
      timer.unref();
    });
    // The entry itself may throw: without a D-Bus session the library fails while building it.
    const read = Promise.resolve()
      .then(() => this.entry('reachability-probe').getPassword())
      .then((): KeychainProbe => ({ reachable: true }))
      .catch((error: unknown): KeychainProbe => ({ reachable: false, reason: error instanceof Error ? error.message : String(error) }));
    try {
      return await Promise.race([read, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One entry per key, kept: building one reaches the Secret Service (it cost about as much CPU
   * as a sync's whole mail store once the ledger's end was kept after every batch). Forgotten
   * when a call fails, so a keyring that restarted is reached afresh.
   */
  private entry(key: string): AsyncEntry {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = new AsyncEntry(this.service, key, { linux: { store: 'secret-service' } });
      this.entries.set(key, entry);
    }
    return entry;
  }

  private async guard<T>(verb: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      this.entries.clear();
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiError(
        'keychain_unavailable',
        `Steward could not ${verb} a secret in the OS keychain: ${reason}. ` +
          'On Linux, install and unlock a Secret Service keyring (gnome-keyring or KeePassXC); ' +
          'on macOS and Windows, make sure the login keychain or Credential Manager is available. ' +
          'On a server without a keychain, keep secrets in an encrypted file instead: `steward host --secrets-file` ' +
          '(README: "Running headless without a keychain").',
      );
    }
  }
}
