/**
 * Where the secrets file's passphrase comes from. It is read when needed and handed to the
 * store, never written anywhere:
 * - standard input, with --passphrase-stdin (`printf '%s' "$P" | steward host --passphrase-stdin`);
 * - systemd's credential `steward-passphrase` (LoadCredential= puts it in $CREDENTIALS_DIRECTORY,
 *   readable by the service only, and never in its environment);
 * - a prompt, when standard input is a terminal.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from '@shared/api/errors.js';
import type { PassphrasePurpose } from '../engine/index.js';
import { readSecret } from './prompt.js';

export const PASSPHRASE_CREDENTIAL = 'steward-passphrase';

export type PassphraseSource =
  | { readonly kind: 'stdin' }
  | { readonly kind: 'credential'; readonly path: string }
  | { readonly kind: 'terminal' }
  | { readonly kind: 'none' };

export interface PassphraseContext {
  readonly passphraseStdin: boolean;
  /** $CREDENTIALS_DIRECTORY, set by systemd for a service with LoadCredential=. */
  readonly credentialsDirectory: string | undefined;
  readonly stdinIsTerminal: boolean;
  readonly fileExists?: (path: string) => boolean;
}

/** The user's explicit flag first, then what the service manager provides, then a person at a terminal. */
export function passphraseSource(context: PassphraseContext): PassphraseSource {
  if (context.passphraseStdin) return { kind: 'stdin' };
  if (context.credentialsDirectory) {
    const path = join(context.credentialsDirectory, PASSPHRASE_CREDENTIAL);
    if ((context.fileExists ?? existsSync)(path)) return { kind: 'credential', path };
  }
  if (context.stdinIsTerminal) return { kind: 'terminal' };
  return { kind: 'none' };
}

export function currentPassphraseContext(passphraseStdin: boolean): PassphraseContext {
  return { passphraseStdin, credentialsDirectory: process.env.CREDENTIALS_DIRECTORY, stdinIsTerminal: process.stdin.isTTY === true };
}

/** How to tell the user there is no way to ask: what to do instead, in their situation. */
export type NoPassphraseAdvice = (secretsFile: string) => string;

export async function readPassphrase(
  source: PassphraseSource,
  purpose: PassphrasePurpose,
  secretsFile: string,
  noWay: NoPassphraseAdvice,
): Promise<string> {
  switch (source.kind) {
    case 'stdin':
      return nonEmpty(await readSecret(`Passphrase for ${secretsFile}: `), 'standard input');
    case 'credential':
      return nonEmpty((await readFile(source.path, 'utf8')).replace(/\r?\n$/, ''), `the credential ${source.path}`);
    case 'terminal':
      return purpose === 'unlock' ? nonEmpty(await readSecret(`Passphrase for ${secretsFile}: `), 'the terminal') : chooseOnTerminal(secretsFile);
    case 'none':
      throw new ApiError('keychain_unavailable', noWay(secretsFile));
  }
}

async function chooseOnTerminal(secretsFile: string): Promise<string> {
  const first = await readSecret(`Choose a passphrase for the new secrets file ${secretsFile}: `);
  const second = await readSecret('Type it again: ');
  if (first !== second) throw new ApiError('invalid_input', 'The two passphrases differ. Nothing was created; run the command again.');
  return nonEmpty(first, 'the terminal');
}

function nonEmpty(passphrase: string, from: string): string {
  if (passphrase === '') throw new ApiError('invalid_input', `The passphrase from ${from} is empty.`);
  return passphrase;
}
