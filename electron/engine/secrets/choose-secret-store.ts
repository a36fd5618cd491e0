/**
 * Which secret store a Steward process uses: the OS keychain, or the encrypted secrets file.
 * With neither, Steward still runs (the UI, pause, the ledger) and every use of a secret fails
 * with the two ways out, so a first `npm start` on a server still shows something.
 *
 * An existing secrets file wins over a keychain: it holds the account passwords, and a keychain
 * that appeared later (a desktop session on the server) would otherwise hide them. Creating a
 * file takes an explicit `--secrets-file`, so a mistyped data folder never grows a second one.
 */
import { existsSync } from 'node:fs';
import { ApiError } from '@shared/api/errors.js';
import { EncryptedFileSecretStore, secretsFileLocation, type CreateOptions } from './encrypted-file-store.js';
import { KeychainSecretStore, type KeychainProbe, type SecretStore } from './secret-store.js';

export interface SecretStoreFacts {
  /** `--secrets-file` was given. */
  readonly fileRequested: boolean;
  readonly fileExists: boolean;
  /** `--passphrase-stdin` was given: the user expects a file to unlock. */
  readonly passphraseOffered: boolean;
  /** Null until probed: the keychain is asked only when the decision depends on it. */
  readonly keychain: KeychainProbe | null;
}

export type SecretStoreDecision =
  | { readonly kind: 'file'; readonly action: 'create' | 'unlock' }
  | { readonly kind: 'keychain' }
  | { readonly kind: 'probe-keychain' }
  | { readonly kind: 'refuse'; readonly reason: 'nowhere' | 'nothing-to-unlock' };

export function decideSecretStore(facts: SecretStoreFacts): SecretStoreDecision {
  if (facts.fileExists) return { kind: 'file', action: 'unlock' };
  if (facts.fileRequested) return { kind: 'file', action: 'create' };
  if (facts.passphraseOffered) return { kind: 'refuse', reason: 'nothing-to-unlock' };
  if (facts.keychain === null) return { kind: 'probe-keychain' };
  return facts.keychain.reachable ? { kind: 'keychain' } : { kind: 'refuse', reason: 'nowhere' };
}

export type PassphrasePurpose = 'unlock' | 'create';

export interface OpenSecretStoreOptions {
  /** The secrets file: `--secrets-file PATH`, or the data folder's default. */
  readonly secretsFile: string;
  readonly fileRequested: boolean;
  readonly passphraseOffered: boolean;
  /** Asked only when a file is to be unlocked or created. */
  readonly passphrase: (purpose: PassphrasePurpose, secretsFile: string) => Promise<string>;
  /** The OS keychain (tests pass one that answers the probe as they need). */
  readonly keychain?: SecretStore & Pick<KeychainSecretStore, 'probe'>;
  readonly create?: CreateOptions;
}

export type OpenedSecretStore =
  | { readonly kind: 'keychain'; readonly store: SecretStore }
  | { readonly kind: 'file'; readonly store: SecretStore; readonly path: string; readonly created: boolean }
  /** Nowhere to keep secrets: `store` refuses every call with `problem`. */
  | { readonly kind: 'none'; readonly store: SecretStore; readonly problem: ApiError };

export async function openSecretStore(options: OpenSecretStoreOptions): Promise<OpenedSecretStore> {
  const keychain = options.keychain ?? new KeychainSecretStore();
  let facts: SecretStoreFacts = {
    fileRequested: options.fileRequested,
    fileExists: existsSync(options.secretsFile),
    passphraseOffered: options.passphraseOffered,
    keychain: null,
  };
  let decision = decideSecretStore(facts);
  if (decision.kind === 'probe-keychain') {
    facts = { ...facts, keychain: await keychain.probe() };
    decision = decideSecretStore(facts);
  }

  const location = secretsFileLocation(options.secretsFile);
  switch (decision.kind) {
    case 'file': {
      const passphrase = await options.passphrase(decision.action, options.secretsFile);
      const store =
        decision.action === 'create'
          ? await EncryptedFileSecretStore.create(location, passphrase, options.create)
          : await EncryptedFileSecretStore.unlock(location, passphrase);
      return { kind: 'file', store, path: options.secretsFile, created: decision.action === 'create' };
    }
    case 'keychain':
      return { kind: 'keychain', store: keychain };
    case 'refuse': {
      const problem = refusal(decision.reason, options.secretsFile, facts.keychain);
      if (decision.reason === 'nothing-to-unlock') throw problem;
      return { kind: 'none', store: new UnavailableSecretStore(problem), problem };
    }
    case 'probe-keychain':
      throw new Error('The keychain was probed and the decision still asks for a probe.');
  }
}

/** Stands in where no store can be had, so the first use of a secret says why and what to do. */
export class UnavailableSecretStore implements SecretStore {
  constructor(private readonly problem: ApiError) {}

  get(): Promise<string | null> {
    return Promise.reject(this.problem);
  }

  set(): Promise<void> {
    return Promise.reject(this.problem);
  }

  delete(): Promise<void> {
    return Promise.reject(this.problem);
  }
}

function refusal(reason: 'nowhere' | 'nothing-to-unlock', secretsFile: string, keychain: KeychainProbe | null): ApiError {
  if (reason === 'nothing-to-unlock') {
    return new ApiError(
      'invalid_input',
      `--passphrase-stdin was given, but there is no secrets file at ${secretsFile} to unlock. To create one, add --secrets-file.`,
    );
  }
  const why = keychain && !keychain.reachable ? ` (${keychain.reason})` : '';
  return new ApiError(
    'keychain_unavailable',
    `Steward has nowhere to keep account passwords: no OS keychain is reachable here${why}, and there is no secrets file at ${secretsFile}. Either:\n` +
      '  - start a Secret Service keyring (gnome-keyring or KeePassXC) in this session\'s D-Bus, or\n' +
      '  - keep them in an encrypted file: `steward host --secrets-file` asks for a new passphrase ' +
      '(or reads it with --passphrase-stdin). See the README, "Running headless without a keychain".',
  );
}
