/**
 * Runs the built `steward` command as a user does (a process per command, on a data folder),
 * and `steward host` beside it, for the CLI's integration tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/steward.js', import.meta.url));
const built = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function requireBuiltCli(): void {
  if (!existsSync(built)) throw new Error('The CLI is not built: run `npm run build` first (npm test does).');
}

export function steward(dataDir: string, args: readonly string[], stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--data-dir', dataDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/**
 * The command's --json output; fails on anything on stderr. The exit code is not checked: some
 * commands answer in JSON and exit non-zero on purpose (`ledger --verify` on a broken chain: 3).
 */
export async function stewardJson<T>(dataDir: string, args: readonly string[]): Promise<T> {
  const result = await steward(dataDir, [...args, '--json']);
  if (result.stderr !== '') throw new Error(`steward ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** Starts `steward host` on `dataDir`; resolves with the process and the first line it printed. */
export async function startHost(dataDir: string): Promise<{ host: ChildProcess; line: string }> {
  const host = spawn(process.execPath, [bin, '--data-dir', dataDir, 'host'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    host.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
    });
    host.on('exit', (code) => reject(new Error(`steward host exited with ${code}`)));
  });
  return { host, line };
}

export async function stopHost(host: ChildProcess | null): Promise<void> {
  if (host && host.exitCode === null) {
    host.kill('SIGTERM');
    await new Promise((resolve) => host.once('exit', resolve));
  }
}
