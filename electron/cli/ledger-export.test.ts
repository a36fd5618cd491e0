/** The export's formats, and the file it writes, against a real engine's ledger (in process). */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inProcessApi, createDispatch } from '../engine/api/dispatch.js';
import { memoryParts } from '../engine/testing/memory-engine-parts.js';
import { csvCell, exportFormatOf, exportLedger } from './ledger-export.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function apiWith(entries: number) {
  const parts = memoryParts();
  for (let i = 1; i <= entries; i++) {
    parts.ledger.append({ kind: i % 2 ? 'gate.asked' : 'action.executed', actor: i % 3 ? 'user:cli' : 'engine', summary: `=HYPERLINK("x"), step ${i}`, capability: 'email.archive' });
  }
  return inProcessApi(createDispatch(parts.handlers, 'cli'));
}

describe('exportFormatOf', () => {
  it.each([
    ['ledger.jsonl', undefined, 'jsonl'],
    ['ledger.CSV', undefined, 'csv'],
    ['ledger.txt', 'csv', 'csv'],
  ])('%s with --format %s is %s', (file, format, expected) => {
    expect(exportFormatOf(file, format)).toBe(expected);
  });

  it('says what to do when it cannot tell, or the format is unknown', () => {
    expect(() => exportFormatOf('ledger.txt', undefined)).toThrow(/name it \.jsonl or \.csv, or add --format jsonl\|csv/);
    expect(() => exportFormatOf('ledger.csv', 'xml')).toThrow(/"xml" is not an export format/);
  });
});

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['@cmd', "'@cmd"],
  ])('%j → %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('exportLedger', () => {
  it('writes every entry, oldest first, across pages, as JSON Lines and CSV, readable by the user only', async () => {
    dir = mkdtempSync(join(tmpdir(), 'steward-export-'));
    const api = apiWith(2_345);
    const jsonl = join(dir, 'ledger.jsonl');
    expect(await exportLedger(api, jsonl, 'jsonl', {})).toBe(2_345);
    const lines = readFileSync(jsonl, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(2_345);
    const first = JSON.parse(lines[0] ?? '{}') as { seq: number; hash: string; prevHash: string };
    const second = JSON.parse(lines[1] ?? '{}') as { seq: number; prevHash: string };
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(second.prevHash).toBe(first.hash);
    expect((statSync(jsonl).mode & 0o777).toString(8)).toBe('600');

    const csv = join(dir, 'ledger.csv');
    expect(await exportLedger(api, csv, 'csv', { actor: 'engine' })).toBe(781);
    const rows = readFileSync(csv, 'utf8').split('\r\n');
    expect(rows[0]).toBe('seq,at,kind,actor,summary,capability,accountId,suggestionId,actionId,detail,prevHash,hash');
    expect(rows[1]).toMatch(/^3,[^,]+,gate\.asked,engine,"'=HYPERLINK\(""x""\), step 3",email\.archive,,,,\{\},[0-9a-f]{64},[0-9a-f]{64}$/);
    expect((statSync(csv).mode & 0o777).toString(8)).toBe('600');
  });

  it('never writes over an existing file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'steward-export-'));
    const file = join(dir, 'kept.csv');
    writeFileSync(file, 'mine');
    await expect(exportLedger(apiWith(1), file, 'csv', {})).rejects.toThrow(/already exists: choose another name/);
    expect(readFileSync(file, 'utf8')).toBe('mine');
  });
});
