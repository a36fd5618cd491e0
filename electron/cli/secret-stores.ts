/**
 * The secret store for each way the CLI runs an engine: `steward host` chooses and unlocks it at
 * start (a wrong passphrase stops it there); a command without a running host opens it only if
 * the command touches a secret, and says how to give the passphrase when it cannot ask.
 */
import {
  defaultSecretsFile,
  LazySecretStore,
  openSecretStore,
  type OpenedSecretStore,
  type SecretStore,
} from '../engine/index.js';
import { currentPassphraseContext, PASSPHRASE_CREDENTIAL, passphraseSource, readPassphrase } from './passphrase.js';

export interface HostSecretOptions {
  /** --secrets-file: keep secrets in the data folder's encrypted file, creating it if needed. */
  readonly secretsFile?: boolean;
  readonly passphraseStdin?: boolean;
}

export function openHostSecretStore(dataDir: string, options: HostSecretOptions): Promise<OpenedSecretStore> {
  const source = passphraseSource(currentPassphraseContext(options.passphraseStdin === true));
  return openSecretStore({
    secretsFile: defaultSecretsFile(dataDir),
    fileRequested: options.secretsFile === true,
    passphraseOffered: options.passphraseStdin === true,
    passphrase: (purpose, file) => readPassphrase(source, purpose, file, hostCannotAsk),
  });
}

export function localSecretStore(dataDir: string): SecretStore {
  return new LazySecretStore(async () => {
    const source = passphraseSource(currentPassphraseContext(false));
    const opened = await openSecretStore({
      secretsFile: defaultSecretsFile(dataDir),
      fileRequested: false,
      passphraseOffered: false,
      passphrase: (purpose, file) => readPassphrase(source, purpose, file, localCannotAsk),
    });
    return opened.store;
  });
}

function hostCannotAsk(secretsFile: string): string {
  return (
    `The host needs the passphrase of ${secretsFile}, and standard input is not a terminal to ask on. ` +
    `Give it on standard input with --passphrase-stdin (printf '%s' "$PASSPHRASE" | steward host --passphrase-stdin), ` +
    `or under systemd as the credential ${PASSPHRASE_CREDENTIAL} (LoadCredential=${PASSPHRASE_CREDENTIAL}:/path/to/file).`
  );
}

function localCannotAsk(secretsFile: string): string {
  return (
    `This needs an account password from the encrypted secrets file ${secretsFile}, and no Steward is running to hold its passphrase. ` +
    'Start `steward host` (it takes the passphrase: --passphrase-stdin, a terminal prompt, or systemd) and run this command again: it then goes through the host. ' +
    `Or run this command in a terminal, which asks for the passphrase, or give it as the systemd credential ${PASSPHRASE_CREDENTIAL}.`
  );
}
