import { describe, expect, it } from 'vitest';
import { LazySecretStore } from './lazy-secret-store.js';
import type { SecretStore } from './secret-store.js';

function memoryStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}

describe('LazySecretStore', () => {
  it('opens nothing until a secret is used, then opens once', async () => {
    let opens = 0;
    const lazy = new LazySecretStore(async () => {
      opens++;
      return memoryStore();
    });
    expect(opens).toBe(0);
    await Promise.all([lazy.set('a', '1'), lazy.get('a'), lazy.set('b', '2')]);
    expect(await lazy.get('b')).toBe('2');
    await lazy.delete('b');
    expect(await lazy.get('b')).toBeNull();
    expect(opens).toBe(1);
  });

  it('does not remember a failed open: the next use tries again', async () => {
    let opens = 0;
    const lazy = new LazySecretStore(async () => {
      opens++;
      if (opens === 1) throw new Error('no terminal to ask for the passphrase');
      return memoryStore();
    });
    await expect(lazy.get('a')).rejects.toThrow('no terminal to ask for the passphrase');
    await lazy.set('a', '1');
    expect(await lazy.get('a')).toBe('1');
    expect(opens).toBe(2);
  });
});
