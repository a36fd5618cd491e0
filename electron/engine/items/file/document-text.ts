/**
 * Plain text of .docx and .pdf files, read in a worker thread with a memory cap and a time
 * limit. These formats are parsed by large libraries from files that arrive from anywhere
 * (Downloads): a zip bomb or a pathological PDF must cost one worker, never the engine.
 * One worker, one file at a time; it is started on demand and ended when idle.
 */
import { Worker } from 'node:worker_threads';

export type DocumentFormat = 'docx' | 'pdf';

export interface DocumentTextRequest {
  readonly id: number;
  readonly format: DocumentFormat;
  readonly bytes: Uint8Array;
  readonly maxChars: number;
}

export type DocumentTextResponse =
  | { readonly id: number; readonly ok: true; readonly text: string }
  | { readonly id: number; readonly ok: false; readonly error: string };

export type DocumentTextResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

export interface DocumentTextReader {
  read(format: DocumentFormat, bytes: Uint8Array, maxChars: number): Promise<DocumentTextResult>;
  close(): Promise<void>;
}

export interface SandboxOptions {
  /** The worker script; defaults to the source file beside this one (a bundle passes its built copy). */
  readonly workerUrl?: URL;
  readonly memoryMb?: number;
  readonly timeoutMs?: number;
  readonly idleMs?: number;
}

const FORMAT_NAMES: Readonly<Record<DocumentFormat, string>> = { docx: 'Word document', pdf: 'PDF' };

export class SandboxedDocumentReader implements DocumentTextReader {
  private worker: Worker | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | null = null;
  private readonly workerUrl: URL;
  private readonly memoryMb: number;
  private readonly timeoutMs: number;
  private readonly idleMs: number;

  constructor(options: SandboxOptions = {}) {
    this.workerUrl = options.workerUrl ?? new URL('./document-text-worker.ts', import.meta.url);
    this.memoryMb = options.memoryMb ?? 256;
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.idleMs = options.idleMs ?? 30_000;
  }

  read(format: DocumentFormat, bytes: Uint8Array, maxChars: number): Promise<DocumentTextResult> {
    const run = this.queue.then(() => this.readNow(format, bytes, maxChars));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    await this.queue;
    await this.endWorker();
  }

  private readNow(format: DocumentFormat, bytes: Uint8Array, maxChars: number): Promise<DocumentTextResult> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const worker = this.startWorker();
    const id = this.nextId++;
    const what = FORMAT_NAMES[format];
    return new Promise<DocumentTextResult>((resolve) => {
      const finish = (result: DocumentTextResult, endWorker: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (endWorker) void this.endWorker();
        else this.scheduleIdleEnd();
        resolve(result);
      };
      const onMessage = (response: DocumentTextResponse) => {
        if (response.id !== id) return;
        finish(response.ok ? { ok: true, text: response.text } : { ok: false, reason: `Steward could not read the text of this ${what}: ${response.error}` }, false);
      };
      const onError = (error: Error & { code?: string }) => {
        const reason =
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `This ${what} needs more than ${this.memoryMb} MB to read, so Steward left its text out (the file itself is indexed).`
            : `Steward could not read the text of this ${what}: ${error.message}`;
        finish({ ok: false, reason }, true);
      };
      const onExit = () => finish({ ok: false, reason: `Steward could not read the text of this ${what}: the reader stopped.` }, true);
      const timer = setTimeout(
        () => finish({ ok: false, reason: `Reading the text of this ${what} took longer than ${this.timeoutMs / 1000} s, so Steward left it out.` }, true),
        this.timeoutMs,
      );
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage({ id, format, bytes, maxChars } satisfies DocumentTextRequest);
    });
  }

  private startWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerUrl, {
      resourceLimits: { maxOldGenerationSizeMb: this.memoryMb, maxYoungGenerationSizeMb: Math.max(16, this.memoryMb / 8) },
      stdout: true,
      stderr: true,
    });
    // Whatever pdf.js prints about a broken file is not the user's business; errors come back as results.
    worker.stdout.resume();
    worker.stderr.resume();
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private scheduleIdleEnd(): void {
    this.idleTimer = setTimeout(() => void this.endWorker(), this.idleMs);
    this.idleTimer.unref();
  }

  private async endWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
