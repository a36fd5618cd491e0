/**
 * Secrets in an encrypted file, for machines without an OS keychain (a headless server).
 *
 * Two files in age's format (age-encryption.org/v1, through `age-encryption`, the TypeScript age
 * by age's author), so a user can always open them with the `age` tool:
 * - the key file: an age X25519 identity, encrypted with the passphrase (scrypt, work factor
 *   2^18: about a second of CPU and 256 MiB, once per start);
 * - the secrets file: the secrets as JSON, encrypted to that identity.
 *   `age -d -i secrets.key.age secrets.age` asks for the passphrase and prints them.
 *
 * Why two: the passphrase is needed once, to unlock at start, and each later write (a new
 * account, a changed password, a refreshed token) is a fresh X25519 + ChaCha20-Poly1305
 * encryption in milliseconds plus an atomic replace of the secrets file. Encrypting the secrets
 * file to the passphrase itself would rerun scrypt on every write: a second of blocked event
 * loop and a 256 MiB spike each time. The passphrase is never stored; once unlocked, only the
 * identity stays, in this process's memory.
 */
import type * as Age from 'age-encryption';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '@shared/api/errors.js';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-write.js';
import type { SecretStore } from './secret-store.js';

/**
 * age's code is loaded by the first host that opens or creates a secrets file: with its
 * post-quantum parts it holds about 3 MB of heap, which a host on the OS keychain (or the CLI)
 * never needs. Node loads a module once, so later calls cost nothing.
 */
const loadAge = (): Promise<typeof Age> => import('age-encryption');

export interface SecretsFileLocation {
  /** The secrets, encrypted to the key. */
  readonly secrets: string;
  /** The key (an age identity), encrypted with the passphrase. */
  readonly key: string;
}

export const DEFAULT_SECRETS_FILE_NAME = 'secrets.age';
/** age's own default: what `age -p` uses, and what the `age` tool expects to see. */
export const SCRYPT_WORK_FACTOR = 18;
export const MIN_PASSPHRASE_LENGTH = 8;

export function defaultSecretsFile(dataDir: string): string {
  return join(dataDir, DEFAULT_SECRETS_FILE_NAME);
}

/** The key file sits beside the secrets file: `secrets.age` → `secrets.key.age`. */
export function secretsFileLocation(secretsFile: string): SecretsFileLocation {
  return { secrets: secretsFile, key: secretsFile.replace(/(\.age)?$/, '.key.age') };
}

const contentSchema = z.object({
  format: z.literal('steward-secrets'),
  version: z.literal(1),
  secrets: z.record(z.string(), z.string()),
});

export interface CreateOptions {
  /** log2 of scrypt's N. Tests lower it to run fast; everything else keeps age's default. */
  readonly scryptWorkFactor?: number;
}

export class EncryptedFileSecretStore implements SecretStore {
  /** Writes run one at a time, each from the state the previous one left. */
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    readonly location: SecretsFileLocation,
    private readonly recipient: string,
    private secrets: ReadonlyMap<string, string>,
  ) {}

  /** Makes a new key and an empty secrets file. Finishes a setup that was cut short, if the passphrase opens its key. */
  static async create(location: SecretsFileLocation, passphrase: string, options: CreateOptions = {}): Promise<EncryptedFileSecretStore> {
    if (existsSync(location.secrets)) {
      throw new ApiError('conflict', `${location.secrets} already exists. Unlock it with its passphrase instead of creating a new one.`);
    }
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      throw new ApiError(
        'invalid_input',
        `That passphrase is too short to protect the secrets file: use at least ${MIN_PASSPHRASE_LENGTH} characters (four or five random words are better).`,
      );
    }
    await mkdir(dirname(location.secrets), { recursive: true, mode: 0o700 });
    await removeStaleTempFiles(location.key);
    await removeStaleTempFiles(location.secrets);
    const { Encrypter, generateX25519Identity, identityToRecipient } = await loadAge();
    let identity: string;
    if (existsSync(location.key)) {
      // A crash between writing the key and the first secrets file.
      identity = await unlockIdentity(location, passphrase, 'leftover');
    } else {
      identity = await generateX25519Identity();
      const encrypter = new Encrypter();
      encrypter.setPassphrase(passphrase);
      encrypter.setScryptWorkFactor(options.scryptWorkFactor ?? SCRYPT_WORK_FACTOR);
      const recipient = await identityToRecipient(identity);
      const keyText = `# Steward's key for ${location.secrets}\n# created: ${new Date().toISOString()}\n# public key: ${recipient}\n${identity}\n`;
      await writeFileAtomic(location.key, await encrypter.encrypt(keyText));
    }
    const store = new EncryptedFileSecretStore(location, await identityToRecipient(identity), new Map());
    await writeFileAtomic(location.secrets, await store.seal(new Map()));
    return store;
  }

  /** Opens an existing secrets file. A wrong passphrase or a damaged file is an error that changes nothing. */
  static async unlock(location: SecretsFileLocation, passphrase: string): Promise<EncryptedFileSecretStore> {
    if (!existsSync(location.secrets)) {
      throw new ApiError('not_found', `There is no secrets file at ${location.secrets}.`);
    }
    if (!existsSync(location.key)) {
      throw new ApiError(
        'unavailable',
        `${location.secrets} cannot be opened without its key file ${location.key}, which is missing. Put the key file back (from the same backup as the secrets file).`,
      );
    }
    await removeStaleTempFiles(location.key);
    await removeStaleTempFiles(location.secrets);
    const identity = await unlockIdentity(location, passphrase, 'unlock');
    const secrets = await openSecrets(location, identity);
    const { identityToRecipient } = await loadAge();
    return new EncryptedFileSecretStore(location, await identityToRecipient(identity), secrets);
  }

  async get(key: string): Promise<string | null> {
    return this.secrets.get(key) ?? null;
  }

  set(key: string, value: string): Promise<void> {
    return this.update((draft) => {
      if (draft.get(key) === value) return false;
      draft.set(key, value);
      return true;
    });
  }

  delete(key: string): Promise<void> {
    return this.update((draft) => draft.delete(key));
  }

  /** Applies a change to a copy, writes the copy, and only then makes it the state: a failed write changes nothing. */
  private update(change: (draft: Map<string, string>) => boolean): Promise<void> {
    const run = async () => {
      const draft = new Map(this.secrets);
      if (!change(draft)) return;
      try {
        await writeFileAtomic(this.location.secrets, await this.seal(draft));
      } catch (error) {
        throw new ApiError(
          'unavailable',
          `Steward could not save a secret to ${this.location.secrets}: ${(error as Error).message}. The file still holds what it held before.`,
        );
      }
      this.secrets = draft;
    };
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async seal(secrets: ReadonlyMap<string, string>): Promise<Uint8Array> {
    const { Encrypter } = await loadAge();
    const encrypter = new Encrypter();
    encrypter.addRecipient(this.recipient);
    const content: z.infer<typeof contentSchema> = { format: 'steward-secrets', version: 1, secrets: Object.fromEntries(secrets) };
    return encrypter.encrypt(JSON.stringify(content));
  }
}

async function unlockIdentity(location: SecretsFileLocation, passphrase: string, why: 'unlock' | 'leftover'): Promise<string> {
  const { Decrypter } = await loadAge();
  const decrypter = new Decrypter();
  decrypter.addPassphrase(passphrase);
  let text: string;
  try {
    text = await decrypter.decrypt(await readFile(location.key), 'text');
  } catch (error) {
    if (!isNoMatch(error)) throw damaged(location, location.key, error);
    throw new ApiError(
      'unauthorized',
      why === 'unlock'
        ? `The passphrase does not open ${location.secrets} (it does not unlock the key in ${location.key}). Nothing was changed: try again with the passphrase chosen when the secrets file was created.`
        : `${location.key} is left from a setup that was cut short, and this passphrase does not open it. Use the passphrase you chose then, or delete that file to start afresh.`,
    );
  }
  const identity = text.split(/\r?\n/).find((line) => line.startsWith('AGE-SECRET-KEY-1'));
  if (!identity) throw damaged(location, location.key, new Error('it holds no age identity'));
  return identity;
}

async function openSecrets(location: SecretsFileLocation, identity: string): Promise<Map<string, string>> {
  const { Decrypter } = await loadAge();
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  let text: string;
  try {
    text = await decrypter.decrypt(await readFile(location.secrets), 'text');
  } catch (error) {
    if (isNoMatch(error)) {
      throw new ApiError('unavailable', `${location.secrets} was not encrypted with the key in ${location.key}: the two files do not belong together. Restore both from the same backup.`);
    }
    throw damaged(location, location.secrets, error);
  }
  let parsed: z.infer<typeof contentSchema>;
  try {
    parsed = contentSchema.parse(JSON.parse(text));
  } catch (error) {
    throw damaged(location, location.secrets, error);
  }
  return new Map(Object.entries(parsed.secrets));
}

function isNoMatch(error: unknown): boolean {
  return error instanceof Error && /no identity matched/.test(error.message);
}

function damaged(location: SecretsFileLocation, path: string, cause: unknown): ApiError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new ApiError(
    'unavailable',
    `${path} is damaged (${reason}), so Steward cannot read its secrets. Nothing was changed. ` +
      `Restore ${location.secrets} and ${location.key} from a backup, or move both away and start afresh with \`steward host --secrets-file\` (then enter the account passwords again).`,
  );
}
