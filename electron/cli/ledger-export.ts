/**
 * `steward ledger --export FILE`: the ledger, oldest first, as JSON Lines or CSV, with each
 * entry's hashes so that the chain can be checked outside Steward. The file is readable by the
 * user only (it quotes mail subjects and addresses) and is never written over.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { EngineApi } from '@shared/api/contract.js';
import { ApiError } from '@shared/api/errors.js';
import type { LedgerFilter } from '@shared/api/inputs.js';
import type { LedgerEntry } from '@shared/domain/types.js';

export type ExportFormat = 'jsonl' | 'csv';

const BY_EXTENSION: Readonly<Record<string, ExportFormat>> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'jsonl', '.csv': 'csv' };
const PAGE = 1000;

/** The format asked for with --format, else the one the file's extension names. */
export function exportFormatOf(file: string, format: string | undefined): ExportFormat {
  if (format !== undefined) {
    if (format === 'jsonl' || format === 'csv') return format;
    throw new ApiError('invalid_input', `"${format}" is not an export format: use --format jsonl or --format csv.`);
  }
  const byName = BY_EXTENSION[extname(file).toLowerCase()];
  if (!byName) throw new ApiError('invalid_input', `Cannot tell the format from "${file}": name it .jsonl or .csv, or add --format jsonl|csv.`);
  return byName;
}

const COLUMNS = ['seq', 'at', 'kind', 'actor', 'summary', 'capability', 'accountId', 'suggestionId', 'actionId', 'detail', 'prevHash', 'hash'] as const;

export function csvHeader(): string {
  return `${COLUMNS.join(',')}\r\n`;
}

export function csvRow(entry: LedgerEntry): string {
  const values: Record<(typeof COLUMNS)[number], string> = {
    seq: String(entry.seq),
    at: entry.at,
    kind: entry.kind,
    actor: entry.actor,
    summary: entry.summary,
    capability: entry.capability ?? '',
    accountId: entry.accountId ?? '',
    suggestionId: entry.suggestionId ?? '',
    actionId: entry.actionId ?? '',
    detail: JSON.stringify(entry.detail),
    prevHash: entry.prevHash,
    hash: entry.hash,
  };
  return `${COLUMNS.map((column) => csvCell(values[column])).join(',')}\r\n`;
}

/**
 * RFC 4180 quoting, and a leading quote mark on text a spreadsheet would run as a formula: a
 * summary can quote a mail subject, which anyone who writes to the user chooses.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function jsonLine(entry: LedgerEntry): string {
  return `${JSON.stringify(entry)}\n`;
}

/** Writes every entry matching `filter` to `file`, oldest first; returns how many. */
export async function exportLedger(api: EngineApi, file: string, format: ExportFormat, filter: LedgerFilter): Promise<number> {
  let handle;
  try {
    handle = await open(file, 'wx', 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ApiError('conflict', `${file} already exists: choose another name, or move that file away first.`);
    if (code === 'ENOENT') throw new ApiError('invalid_input', `Cannot create ${file}: its folder does not exist.`);
    throw error;
  }
  let count = 0;
  try {
    await handle.chmod(0o600);
    if (format === 'csv') await handle.write(csvHeader());
    let after = 0;
    for (;;) {
      const page = await api.listLedger({ ...filter, limit: PAGE, afterSeq: after });
      if (page.length === 0) break;
      await handle.write(page.map(format === 'csv' ? csvRow : jsonLine).join(''));
      count += page.length;
      after = page.at(-1)?.seq ?? after;
      if (page.length < PAGE) break;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return count;
}
