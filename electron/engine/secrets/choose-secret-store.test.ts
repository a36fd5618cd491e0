import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '@shared/api/errors.js';
import { decideSecretStore, openSecretStore, type PassphrasePurpose, type SecretStoreDecision, type SecretStoreFacts } from './choose-secret-store.js';
import { defaultSecretsFile, EncryptedFileSecretStore, secretsFileLocation } from './encrypted-file-store.js';
import type { KeychainProbe, SecretStore } from './secret-store.js';

const REACHABLE: KeychainProbe = { reachable: true };
const UNREACHABLE: KeychainProbe = { reachable: false, reason: 'no D-Bus session' };

describe('decideSecretStore', () => {
  const cases: readonly (readonly [string, Partial<SecretStoreFacts>, SecretStoreDecision])[] = [
    ['an existing file is unlocked, even where a keychain answers', { fileExists: true, keychain: REACHABLE }, { kind: 'file', action: 'unlock' }],
    ['an existing file is unlocked without asking the keychain', { fileExists: true }, { kind: 'file', action: 'unlock' }],
    ['--secrets-file with an existing file unlocks it', { fileRequested: true, fileExists: true }, { kind: 'file', action: 'unlock' }],
    ['--secrets-file without a file creates one', { fileRequested: true }, { kind: 'file', action: 'create' }],
    ['--secrets-file wins over a keychain', { fileRequested: true, keychain: REACHABLE }, { kind: 'file', action: 'create' }],
    ['no file: the keychain must be asked', {}, { kind: 'probe-keychain' }],
    ['no file, a keychain answers: the keychain', { keychain: REACHABLE }, { kind: 'keychain' }],
    ['no file, no keychain: nowhere', { keychain: UNREACHABLE }, { kind: 'refuse', reason: 'nowhere' }],
    ['a passphrase with nothing to unlock is a mistake', { passphraseOffered: true, keychain: REACHABLE }, { kind: 'refuse', reason: 'nothing-to-unlock' }],
    ['--passphrase-stdin with a file unlocks it', { passphraseOffered: true, fileExists: true }, { kind: 'file', action: 'unlock' }],
  ];
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(decideSecretStore({ fileRequested: false, fileExists: false, passphraseOffered: false, keychain: null, ...facts })).toEqual(expected);
  });
});

describe('openSecretStore', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'steward-choose-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function fakeKeychain(probe: KeychainProbe): SecretStore & { probe(): Promise<KeychainProbe>; probes: number } {
    const keychain = {
      probes: 0,
      probe: async () => {
        keychain.probes++;
        return probe;
      },
      get: async () => null,
      set: async () => undefined,
      delete: async () => undefined,
    };
    return keychain;
  }

  function open(more: { fileRequested?: boolean; passphraseOffered?: boolean; probe?: KeychainProbe; asked?: PassphrasePurpose[] }) {
    const keychain = fakeKeychain(more.probe ?? UNREACHABLE);
    return {
      keychain,
      opened: openSecretStore({
        secretsFile: defaultSecretsFile(dir),
        fileRequested: more.fileRequested ?? false,
        passphraseOffered: more.passphraseOffered ?? false,
        passphrase: async (purpose) => {
          more.asked?.push(purpose);
          return 'correct horse battery staple';
        },
        keychain,
        create: { scryptWorkFactor: 10 },
      }),
    };
  }

  it('creates the file when asked to, and unlocks it the next time without being asked', async () => {
    const asked: PassphrasePurpose[] = [];
    const first = await open({ fileRequested: true, asked }).opened;
    expect(first).toMatchObject({ kind: 'file', path: defaultSecretsFile(dir), created: true });
    await first.store.set('k', 'v');
    const { opened, keychain } = open({ probe: REACHABLE, asked });
    const second = await opened;
    expect(second).toMatchObject({ kind: 'file', created: false });
    expect(await second.store.get('k')).toBe('v');
    expect(asked).toEqual(['create', 'unlock']);
    expect(keychain.probes).toBe(0);
  });

  it('uses the keychain when one answers and there is no file', async () => {
    const { opened, keychain } = open({ probe: REACHABLE });
    const result = await opened;
    expect(result.kind).toBe('keychain');
    expect(result.store).toBe(keychain);
    expect(existsSync(defaultSecretsFile(dir))).toBe(false);
  });

  it('with neither, still opens, and every use of a secret names both ways out', async () => {
    const result = await open({ probe: UNREACHABLE }).opened;
    expect(result.kind).toBe('none');
    const error = await result.store.set('k', 'v').then(
      () => null,
      (e: unknown) => e as ApiError,
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error?.code).toBe('keychain_unavailable');
    expect(error?.message).toContain('no OS keychain is reachable here (no D-Bus session)');
    expect(error?.message).toContain('start a Secret Service keyring');
    expect(error?.message).toContain('steward host --secrets-file');
    await expect(result.store.get('k')).rejects.toBe(error);
    expect(existsSync(defaultSecretsFile(dir))).toBe(false);
  });

  it('refuses --passphrase-stdin when there is no file to unlock', async () => {
    await expect(open({ passphraseOffered: true, probe: REACHABLE }).opened).rejects.toThrow(/no secrets file at .* to unlock\. To create one, add --secrets-file\./);
  });

  it('leaves a file it cannot unlock untouched', async () => {
    await EncryptedFileSecretStore.create(secretsFileLocation(defaultSecretsFile(dir)), 'the right passphrase', { scryptWorkFactor: 10 });
    await expect(open({}).opened).rejects.toThrow(/The passphrase does not open/);
  });
});
