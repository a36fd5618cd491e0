/**
 * A small timing harness: runs a task repeatedly and prints mean, p50, p95 and the rate, plus
 * the process's memory. Figures to read and compare, never asserted: a shared machine makes
 * timings too noisy for pass/fail.
 */
export interface Figures {
  readonly name: string;
  readonly runs: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
}

export async function measure(name: string, runs: number, task: (i: number) => unknown, unit?: { count: number; noun: string }): Promise<Figures> {
  for (let i = 0; i < Math.min(5, runs); i++) await task(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await task(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const mean = times.reduce((sum, t) => sum + t, 0) / times.length;
  const figures = { name, runs, meanMs: mean, p50Ms: times[Math.floor(times.length / 2)] ?? 0, p95Ms: times[Math.floor(times.length * 0.95)] ?? 0 };
  const rate = unit ? `  ${Math.round((unit.count / mean) * 1000).toLocaleString('en')} ${unit.noun}/s` : '';
  report(`${name.padEnd(58)} mean ${fmt(figures.meanMs)}  p50 ${fmt(figures.p50Ms)}  p95 ${fmt(figures.p95Ms)}${rate}`);
  return figures;
}

export function reportMemory(label: string): void {
  const { rss, heapUsed } = process.memoryUsage();
  report(`${label.padEnd(58)} rss ${mb(rss)}  heap ${mb(heapUsed)}`);
}

export function report(line: string): void {
  process.stdout.write(`${line}\n`);
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs`.padStart(9) : `${ms.toFixed(2)} ms`.padStart(9);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
