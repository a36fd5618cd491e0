import type { SecretStore } from './secret-store.js';

/**
 * A store opened on first use. The CLI's local mode runs most commands without touching a
 * secret; only the few that do should probe the keychain or ask for a passphrase. A failed open
 * is not remembered, so the next call tries again.
 */
export class LazySecretStore implements SecretStore {
  private opening: Promise<SecretStore> | null = null;

  constructor(private readonly open: () => Promise<SecretStore>) {}

  async get(key: string): Promise<string | null> {
    return (await this.store()).get(key);
  }

  async set(key: string, value: string): Promise<void> {
    await (await this.store()).set(key, value);
  }

  async delete(key: string): Promise<void> {
    await (await this.store()).delete(key);
  }

  private store(): Promise<SecretStore> {
    this.opening ??= this.open().catch((error: unknown) => {
      this.opening = null;
      throw error;
    });
    return this.opening;
  }
}
