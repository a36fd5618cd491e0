import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { passphraseSource, readPassphrase, type PassphraseContext, type PassphraseSource } from './passphrase.js';

describe('passphraseSource', () => {
  const present = () => true;
  const absent = () => false;
  const cases: readonly (readonly [string, PassphraseContext, PassphraseSource])[] = [
    ['--passphrase-stdin wins over everything', { passphraseStdin: true, credentialsDirectory: '/run/creds', stdinIsTerminal: true, fileExists: present }, { kind: 'stdin' }],
    ['a systemd credential', { passphraseStdin: false, credentialsDirectory: '/run/creds', stdinIsTerminal: false, fileExists: present }, { kind: 'credential', path: '/run/creds/steward-passphrase' }],
    ['the credential before a terminal', { passphraseStdin: false, credentialsDirectory: '/run/creds', stdinIsTerminal: true, fileExists: present }, { kind: 'credential', path: '/run/creds/steward-passphrase' }],
    ['a credentials folder without ours', { passphraseStdin: false, credentialsDirectory: '/run/creds', stdinIsTerminal: true, fileExists: absent }, { kind: 'terminal' }],
    ['a terminal', { passphraseStdin: false, credentialsDirectory: undefined, stdinIsTerminal: true }, { kind: 'terminal' }],
    ['no way to ask', { passphraseStdin: false, credentialsDirectory: undefined, stdinIsTerminal: false }, { kind: 'none' }],
  ];
  it.each(cases)('%s', (_name, context, expected) => {
    expect(passphraseSource(context)).toEqual(expected);
  });
});

describe('readPassphrase', () => {
  it('reads a systemd credential, without its final newline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'steward-creds-'));
    try {
      writeFileSync(join(dir, 'steward-passphrase'), 'correct horse battery staple\n');
      const source = passphraseSource({ passphraseStdin: false, credentialsDirectory: dir, stdinIsTerminal: false });
      expect(await readPassphrase(source, 'unlock', '/data/secrets.age', () => 'unused')).toBe('correct horse battery staple');
      writeFileSync(join(dir, 'steward-passphrase'), '\n');
      await expect(readPassphrase(source, 'unlock', '/data/secrets.age', () => 'unused')).rejects.toThrow(/passphrase from the credential .* is empty/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says what to do when it cannot ask', async () => {
    await expect(readPassphrase({ kind: 'none' }, 'unlock', '/data/secrets.age', (file) => `give the passphrase of ${file}`)).rejects.toMatchObject({
      code: 'keychain_unavailable',
      message: 'give the passphrase of /data/secrets.age',
    });
  });
});
