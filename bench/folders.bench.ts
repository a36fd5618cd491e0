/**
 * `npm run bench`: what the local-folders connector costs. Printed, not asserted.
 *  - the first scan of 100,000 files: listing and indexing, then reading content (hash, excerpt)
 *  - peak memory during it
 *  - a restart: the cheap rescan by stat stamps (nothing read again)
 *  - starting the native watcher on the whole tree
 *  - the time from a change on disk to its observation (target: under 1 s)
 *  - full-text search over the index
 *  - through the whole engine: a copy saved to Downloads → the duplicate suggestion shown
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { folderStack } from '../electron/engine/connectors/folders/testing/folder-stack.js';
import type { FolderSync } from '../electron/engine/connectors/folders/folder-sync.js';
import { startEngine } from '../electron/engine/engine.js';
import { MemorySecretStore } from '../electron/engine/secrets/memory-secret-store.js';
import { measure, report, reportMemory } from './measure.js';

const FILES = 100_000;
const FOLDERS = 200;
const WORDS = ['invoice', 'budget', 'meeting', 'alpha', 'contract', 'holiday', 'report', 'draft', 'notes', 'plan', 'receipt', 'minutes'];

function makeTree(dir: string): void {
  for (let f = 0; f < FOLDERS; f++) mkdirSync(join(dir, `project-${f}`, 'docs'), { recursive: true });
  for (let i = 0; i < FILES; i++) {
    const folder = join(dir, `project-${i % FOLDERS}`, i % 3 === 0 ? 'docs' : '');
    const word = WORDS[i % WORDS.length] ?? 'x';
    // Two thirds text (hashed and excerpted), one third other files (hashed only).
    const name = i % 3 === 2 ? `${word}-${i}.bin` : `${word}-${i}.txt`;
    writeFileSync(join(folder, name), `${word} ${i}: ${WORDS.join(' ')} ${i * 7919}\n`);
  }
}

/** Samples the resident set while `task` runs; returns the peak and the task's result. */
async function withPeakMemory<T>(task: () => Promise<T>): Promise<{ result: T; peakRss: number; peakHeap: number }> {
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    peakHeap = Math.max(peakHeap, heapUsed);
  }, 20);
  try {
    const result = await task();
    return { result, peakRss, peakHeap };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

it('folders benchmarks', async () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'steward-folders-bench-')));
  try {
    report(`\nSteward folders benchmarks (Node ${process.version}, ${process.platform}/${process.arch})\n`);
    const dir = join(base, 'Tree');
    mkdirSync(dir);
    let started = performance.now();
    makeTree(dir);
    report(`made ${FILES.toLocaleString('en')} files in ${FOLDERS * 2} folders in ${seconds(performance.now() - started)}`);
    const root = { id: 'tree', name: 'Tree', path: dir, realPath: dir };
    const databaseFile = join(base, 'index.db');

    // The first scan, as a fresh grant would run it.
    reportMemory('memory before the first scan');
    let stack = folderStack([root], databaseFile);
    const indexer = stack.indexer(root);
    const scan = await withPeakMemory(async () => {
      started = performance.now();
      const summary = await indexer.fullScan('initial-scan');
      const listed = performance.now() - started;
      await indexer.whenContentIdle();
      return { summary, listed, total: performance.now() - started };
    });
    const { summary, listed, total } = scan.result;
    report(`first scan: list and index ${summary.files.toLocaleString('en')} files, ${summary.folders} folders`.padEnd(58) + ` ${seconds(listed)}  (${Math.round(summary.files / (listed / 1000)).toLocaleString('en')} files/s)`);
    report(`first scan: then hash and excerpt every file`.padEnd(58) + ` ${seconds(total - listed)}  (${Math.round(stack.contentRead.length / ((total - listed) / 1000)).toLocaleString('en')} files/s)`);
    report(`first scan: total`.padEnd(58) + ` ${seconds(total)}`);
    report(`first scan: peak memory`.padEnd(58) + ` rss ${mb(scan.peakRss)}  heap ${mb(scan.peakHeap)}  (maxRSS of the process ${mb(process.resourceUsage().maxRSS * 1024)})`);
    await stack.close();

    // A restart: the same database, everything unchanged.
    stack = folderStack([root], databaseFile);
    const again = stack.indexer(root);
    const rescan = await withPeakMemory(async () => {
      started = performance.now();
      const result = await again.fullScan('rescan');
      await again.whenContentIdle();
      return { result, ms: performance.now() - started };
    });
    report(
      `restart: rescan ${rescan.result.result.files.toLocaleString('en')} unchanged files by stat stamp`.padEnd(58) +
        ` ${seconds(rescan.result.ms)}  (files read again: ${stack.contentRead.length}, changed: ${rescan.result.result.changed})  peak rss ${mb(rescan.peakRss)}`,
    );

    await measure('search: "budget meeting" over 100,000 files (top 20)', 50, () => stack.index.search('budget meeting', { rootIds: ['tree'], limit: 20 }));
    await measure('what you are working on (last 7 days)', 20, () =>
      stack.index.workingOn({ rootIds: ['tree'], rootNames: new Map([['tree', 'Tree']]), since: new Date(Date.now() - 7 * 86_400_000), until: new Date() }),
    );

    // Watching the whole tree, then the time from a change to its observation.
    const seen = new Map<string, number>();
    const sync: FolderSync = stack.sync(root, {
      healthIntervalMs: 10_000,
      onEvent: (event) => {
        if (event.type !== 'changes') return;
        for (const change of event.changes) if (!seen.has(change.item.path)) seen.set(change.item.path, performance.now());
      },
    });
    started = performance.now();
    sync.start();
    while (sync.current.state !== 'watching') await new Promise((resolve) => setTimeout(resolve, 10));
    report(`watch: subscribe and rescan before watching`.padEnd(58) + ` ${seconds(performance.now() - started)}`);
    reportMemory('memory while watching 100,000 files');

    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const name = `project-${i}/latency-${i}.txt`;
      const wrote = performance.now();
      writeFileSync(join(dir, name), `ping ${i}`);
      while (!seen.has(name)) await new Promise((resolve) => setTimeout(resolve, 2));
      latencies.push((seen.get(name) ?? wrote) - wrote);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
    report(`watch: change on disk → observed (20 single writes)`.padEnd(58) + ` p50 ${p(0.5).toFixed(0)} ms  p95 ${p(0.95).toFixed(0)} ms  max ${p(1).toFixed(0)} ms  (target < 1000 ms)`);

    const burst = performance.now();
    for (let i = 0; i < 1000; i++) writeFileSync(join(dir, `project-${i % FOLDERS}`, `burst-${i}.txt`), `burst ${i}`);
    while (![...Array(1000).keys()].every((i) => seen.has(`project-${i % FOLDERS}/burst-${i}.txt`))) await new Promise((resolve) => setTimeout(resolve, 5));
    report(`watch: a burst of 1,000 new files → all observed`.padEnd(58) + ` ${(performance.now() - burst).toFixed(0)} ms`);
    await stack.close();
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}, 900_000);

it('folders through the engine: a copy saved to Downloads → its suggestion', async () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'steward-folders-bench-engine-')));
  const engine = startEngine({ dataDir: join(base, 'data'), mode: 'host', secrets: new MemorySecretStore() });
  try {
    const downloads = join(base, 'Downloads');
    mkdirSync(downloads);
    const api = engine.apiFor('cli');
    await api.addFolder({ path: downloads });
    while ((await api.listFolders())[0]?.state !== 'watching') await new Promise((resolve) => setTimeout(resolve, 10));
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      writeFileSync(join(downloads, `doc-${i}.pdf`), `pdf ${i} `.repeat(1000));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const copy = `doc-${i} (1).pdf`;
      const wrote = performance.now();
      writeFileSync(join(downloads, copy), `pdf ${i} `.repeat(1000));
      const listed = async () =>
        (await api.listSuggestions()).some((s) => s.kind === 'duplicate-downloads' && s.actions.some((a) => a.preview.kind === 'files-trash' && a.preview.files.some((f) => f.name === copy)));
      while (!(await listed())) await new Promise((resolve) => setTimeout(resolve, 5));
      latencies.push(performance.now() - wrote);
    }
    latencies.sort((a, b) => a - b);
    const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
    report(`engine: copy saved to Downloads → suggestion (10 copies)`.padEnd(58) + ` p50 ${p(0.5).toFixed(0)} ms  p95 ${p(0.95).toFixed(0)} ms  max ${p(1).toFixed(0)} ms`);
  } finally {
    await engine.stop();
    rmSync(base, { recursive: true, force: true });
  }
}, 120_000);
