/**
 * Where the engine's stdout and stderr go: a log file in the app's logs folder (rotated once
 * at startup when large), plus the last lines of stderr in memory so that an error shown to
 * the user can quote what the engine said before it died. The pipes must be drained either
 * way: a full pipe would block the engine.
 */
import { chmodSync, createWriteStream, existsSync, mkdirSync, renameSync, statSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { EngineProcess } from './engine-supervisor.js';

export interface EngineLogOptions {
  readonly maxBytes?: number;
  readonly tailLines?: number;
  /** Also copy the output to the shell's own stdout/stderr (development). */
  readonly echo?: boolean;
}

export class EngineLog {
  readonly path: string;
  readonly #tailLines: number;
  readonly #echo: boolean;
  readonly #tail: string[] = [];
  #file: WriteStream | null = null;

  constructor(path: string, options: EngineLogOptions = {}) {
    this.path = path;
    this.#tailLines = options.tailLines ?? 30;
    this.#echo = options.echo ?? false;
    try {
      // The engine's output can quote mail (subjects, addresses): the user's eyes only, whatever
      // the umask, including a log an older Steward left readable by all.
      mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
      chmodSync(dirname(path), 0o700);
      const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
      if (size > (options.maxBytes ?? 5 * 1024 * 1024)) {
        renameSync(path, `${path}.1`);
      }
      if (existsSync(`${path}.1`)) chmodSync(`${path}.1`, 0o600);
      this.#file = createWriteStream(path, { flags: 'a', mode: 0o600 });
      if (existsSync(path)) chmodSync(path, 0o600);
      this.#file.on('error', () => {
        this.#file = null;
      });
    } catch {
      // A log we cannot write must not stop the engine from running.
      this.#file = null;
    }
  }

  attach(process: Pick<EngineProcess, 'stdout' | 'stderr' | 'pid'>): void {
    this.#write(`\n--- engine started (pid ${process.pid ?? '?'}) at ${new Date().toISOString()} ---\n`);
    process.stdout?.on('data', (chunk: Buffer | string) => {
      this.#write(chunk);
      if (this.#echo) globalThis.process.stdout.write(chunk);
    });
    process.stderr?.on('data', (chunk: Buffer | string) => {
      this.#write(chunk);
      this.#remember(String(chunk));
      if (this.#echo) globalThis.process.stderr.write(chunk);
    });
  }

  /** The engine's last stderr lines, oldest first. */
  tail(): readonly string[] {
    return [...this.#tail];
  }

  close(): void {
    this.#file?.end();
    this.#file = null;
  }

  #write(chunk: Buffer | string): void {
    this.#file?.write(chunk);
  }

  #remember(text: string): void {
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      this.#tail.push(line);
      if (this.#tail.length > this.#tailLines) this.#tail.shift();
    }
  }
}
