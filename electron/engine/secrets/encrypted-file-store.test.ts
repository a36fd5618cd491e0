/**
 * The encrypted secrets file on a real disk, with age-encryption doing real cryptography. The
 * scrypt work factor is lowered to 2^10 so each unlock takes milliseconds; one test checks that
 * the product's default is age's own (2^18).
 */
import { Decrypter } from 'age-encryption';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors.js';
import { writeFileAtomic } from './atomic-write.js';
import {
  EncryptedFileSecretStore,
  SCRYPT_WORK_FACTOR,
  defaultSecretsFile,
  secretsFileLocation,
  type SecretsFileLocation,
} from './encrypted-file-store.js';

const PASSPHRASE = 'correct horse battery staple';
const FAST = { scryptWorkFactor: 10 };

let dir = '';
let location: SecretsFileLocation;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'steward-secrets-'));
  location = secretsFileLocation(defaultSecretsFile(dir));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function snapshot(): { secrets: Buffer; key: Buffer; files: string[] } {
  return { secrets: readFileSync(location.secrets), key: readFileSync(location.key), files: readdirSync(dir).sort() };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('EncryptedFileSecretStore', () => {
  it('puts the key beside the secrets file', () => {
    expect(secretsFileLocation('/data/secrets.age')).toEqual({ secrets: '/data/secrets.age', key: '/data/secrets.key.age' });
    expect(secretsFileLocation('/data/vault')).toEqual({ secrets: '/data/vault', key: '/data/vault.key.age' });
  });

  it('keeps secrets across a restart, and a delete too', async () => {
    const store = await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    expect(await store.get('imap:1')).toBeNull();
    await store.set('imap:1', 'hunter2 with spaces and ünïcode');
    await store.set('imap:2', 'second');
    await store.set('imap:2', 'second, changed');
    expect(await store.get('imap:1')).toBe('hunter2 with spaces and ünïcode');

    const reopened = await EncryptedFileSecretStore.unlock(location, PASSPHRASE);
    expect(await reopened.get('imap:1')).toBe('hunter2 with spaces and ünïcode');
    expect(await reopened.get('imap:2')).toBe('second, changed');
    await reopened.delete('imap:1');
    await reopened.delete('never-there');

    const again = await EncryptedFileSecretStore.unlock(location, PASSPHRASE);
    expect(await again.get('imap:1')).toBeNull();
    expect(await again.get('imap:2')).toBe('second, changed');
  });

  it('writes nothing readable: neither file holds a secret or the passphrase in the clear', async () => {
    const store = await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    await store.set('imap:1', 'plain-password-42');
    for (const file of [location.secrets, location.key]) {
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes.startsWith('age-encryption.org/v1\n')).toBe(true);
      expect(bytes).not.toContain('plain-password-42');
      expect(bytes).not.toContain(PASSPHRASE);
    }
  });

  it('is the age format: the key opens with the passphrase, the secrets with the key (what `age -d -i` does)', async () => {
    const store = await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    await store.set('imap:1', 'pw');
    const keyDecrypter = new Decrypter();
    keyDecrypter.addPassphrase(PASSPHRASE);
    const identityFile = await keyDecrypter.decrypt(readFileSync(location.key), 'text');
    expect(identityFile).toMatch(/^# public key: age1[0-9a-z]+$/m);
    const identity = identityFile.split('\n').find((line) => line.startsWith('AGE-SECRET-KEY-1'));
    const secretsDecrypter = new Decrypter();
    secretsDecrypter.addIdentity(identity!);
    expect(JSON.parse(await secretsDecrypter.decrypt(readFileSync(location.secrets), 'text'))).toEqual({
      format: 'steward-secrets',
      version: 1,
      secrets: { 'imap:1': 'pw' },
    });
  });

  it("uses age's default scrypt work factor unless told otherwise", async () => {
    expect(SCRYPT_WORK_FACTOR).toBe(18);
    await EncryptedFileSecretStore.create(location, PASSPHRASE);
    const header = readFileSync(location.key, 'latin1').split('\n')[1];
    expect(header).toMatch(/^-> scrypt \S+ 18$/);
  });

  it('keeps both files private (0600), after every write', async () => {
    const store = await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    await store.set('a', '1');
    for (const file of [location.secrets, location.key]) expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a wrong passphrase in words and changes nothing', async () => {
    const store = await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    await store.set('imap:1', 'pw');
    const before = snapshot();
    const error = await rejection(EncryptedFileSecretStore.unlock(location, 'not the passphrase'));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toBe(
      `The passphrase does not open ${location.secrets} (it does not unlock the key in ${location.key}). Nothing was changed: try again with the passphrase chosen when the secrets file was created.`,
    );
    expect(snapshot()).toEqual(before);
    expect(await (await EncryptedFileSecretStore.unlock(location, PASSPHRASE)).get('imap:1')).toBe('pw');
  });

  it.each([
    ['a flipped byte in the encrypted secrets', (bytes: Buffer) => Buffer.concat([bytes.subarray(0, -20), Buffer.from([bytes.readUInt8(bytes.length - 20) ^ 0x01]), bytes.subarray(-19)])],
    ['a cut-short file', (bytes: Buffer) => bytes.subarray(0, bytes.length - 30)],
    ['a file that is not age at all', () => Buffer.from('{"imap:1":"pw"}')],
    ['an empty file', () => Buffer.alloc(0)],
  ] as const)('calls %s damaged, says what to do, and changes nothing', async (_name, damage) => {
    const store = await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    await store.set('imap:1', 'pw');
    const original = readFileSync(location.secrets);
    const damaged = damage(Buffer.from(original));
    expect(damaged.equals(original)).toBe(false);
    writeFileSync(location.secrets, damaged);
    const before = snapshot();
    const error = await rejection(EncryptedFileSecretStore.unlock(location, PASSPHRASE));
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain(`${location.secrets} is damaged (`);
    expect(error.message).toContain('Nothing was changed. Restore');
    expect(snapshot()).toEqual(before);
  });

  it('calls a damaged key file damaged (not a wrong passphrase)', async () => {
    await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    writeFileSync(location.key, 'age-encryption.org/v1\n-> scrypt nonsense\n');
    const error = await rejection(EncryptedFileSecretStore.unlock(location, PASSPHRASE));
    expect(error.message).toContain(`${location.key} is damaged (`);
  });

  it('says when the key file is missing, or belongs to another secrets file', async () => {
    await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    const otherDir = mkdtempSync(join(tmpdir(), 'steward-secrets-other-'));
    try {
      const other = secretsFileLocation(join(otherDir, 'secrets.age'));
      await EncryptedFileSecretStore.create(other, PASSPHRASE, FAST);
      writeFileSync(location.key, readFileSync(other.key));
      expect((await rejection(EncryptedFileSecretStore.unlock(location, PASSPHRASE))).message).toContain('the two files do not belong together');
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
    rmSync(location.key);
    expect((await rejection(EncryptedFileSecretStore.unlock(location, PASSPHRASE))).message).toContain(`its key file ${location.key}, which is missing`);
  });

  it('serialises concurrent writes: none is lost, and no temp file is left', async () => {
    const store = await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    await Promise.all(Array.from({ length: 25 }, (_, i) => (i % 5 === 4 ? store.delete(`k${i - 1}`) : store.set(`k${i}`, `v${i}`))));
    const reopened = await EncryptedFileSecretStore.unlock(location, PASSPHRASE);
    for (let i = 0; i < 25; i++) {
      const deleted = i % 5 === 3;
      const neverSet = i % 5 === 4;
      expect(await reopened.get(`k${i}`)).toBe(deleted || neverSet ? null : `v${i}`);
    }
    expect(readdirSync(dir).sort()).toEqual(['secrets.age', 'secrets.key.age']);
  });

  it('keeps the old file and its state when a write fails', async () => {
    const store = await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    await store.set('kept', 'yes');
    const before = readFileSync(location.secrets);
    // A folder where the file should be makes the rename fail, as a full or read-only disk would.
    rmSync(location.secrets);
    mkdirSync(location.secrets);
    writeFileSync(join(location.secrets, 'occupied'), '');
    const error = await rejection(store.set('lost', 'no'));
    expect(error.message).toContain(`Steward could not save a secret to ${location.secrets}`);
    expect(await store.get('lost')).toBeNull();
    expect(await store.get('kept')).toBe('yes');
    rmSync(location.secrets, { recursive: true });
    writeFileSync(location.secrets, before, { mode: 0o600 });
    await store.set('after', 'works');
    expect(await (await EncryptedFileSecretStore.unlock(location, PASSPHRASE)).get('kept')).toBe('yes');
    expect(readdirSync(dir).filter((name) => name.includes('.tmp-'))).toEqual([]);
  });

  it('refuses a passphrase too short to protect anything, and creates nothing', async () => {
    const error = await rejection(EncryptedFileSecretStore.create(location, 'short', FAST));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/at least 8 characters/);
    expect(existsSync(location.secrets) || existsSync(location.key)).toBe(false);
  });

  it('never creates over an existing secrets file', async () => {
    await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    expect((await rejection(EncryptedFileSecretStore.create(location, PASSPHRASE, FAST))).code).toBe('conflict');
  });

  it('finishes a setup cut short after the key was written, with the same passphrase only', async () => {
    await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    const key = readFileSync(location.key);
    rmSync(location.secrets);
    expect((await rejection(EncryptedFileSecretStore.create(location, 'another passphrase', FAST))).message).toContain('left from a setup that was cut short');
    const store = await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    expect(readFileSync(location.key)).toEqual(key);
    await store.set('a', 'b');
    expect(await (await EncryptedFileSecretStore.unlock(location, PASSPHRASE)).get('a')).toBe('b');
  });

  it('clears temp files that a crashed writer left, and keeps the real file', async () => {
    const store = await EncryptedFileSecretStore.create(location, PASSPHRASE, FAST);
    await store.set('a', 'b');
    // A pid that cannot be running: above Linux's pid_max.
    writeFileSync(`${location.secrets}.tmp-99999999-deadbeef`, 'half a file');
    expect(await (await EncryptedFileSecretStore.unlock(location, PASSPHRASE)).get('a')).toBe('b');
    expect(readdirSync(dir).sort()).toEqual(['secrets.age', 'secrets.key.age']);
  });
});

describe('writeFileAtomic', () => {
  it('replaces the whole file and leaves it 0600', async () => {
    const file = join(dir, 'f');
    writeFileSync(file, 'old content that is longer', { mode: 0o644 });
    await writeFileAtomic(file, Buffer.from('new'));
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['f']);
  });
});
