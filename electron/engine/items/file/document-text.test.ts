/**
 * The sandboxed document reader on real files: a Word document through mammoth, a PDF through
 * pdf.js, broken files, and a zip bomb that must cost the worker, not this process.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { docxOf, inflatingDocx, pdfOf } from '../../connectors/folders/testing/documents.js';
import { SandboxedDocumentReader } from './document-text.js';

const reader = new SandboxedDocumentReader({ memoryMb: 64, timeoutMs: 20_000 });
afterAll(() => reader.close());

describe('the sandboxed document reader', () => {
  it('reads the text of a Word document', async () => {
    const bytes = await docxOf(['Quarterly goals', 'Ship Alpha by Friday & celebrate.']);
    expect(await reader.read('docx', bytes, 1000)).toEqual({ ok: true, text: expect.stringMatching(/Quarterly goals\n+Ship Alpha by Friday & celebrate\./) as unknown });
  });

  it('reads the text of a PDF, page by page, up to the limit', async () => {
    const bytes = pdfOf([['Invoice 2026-114', 'Total due: 1,250 EUR'], ['Page two (terms)']]);
    const result = await reader.read('pdf', bytes, 10_000);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.text).toContain('Invoice 2026-114');
      expect(result.text).toContain('Page two (terms)');
    }
    const cut = await reader.read('pdf', bytes, 10);
    expect(cut.ok && cut.text.length).toBe(10);
  });

  it.each([
    ['docx', Buffer.from('this is not a zip file')],
    ['pdf', Buffer.from('%PDF-1.4 and then nothing useful')],
  ] as const)('says in words when a %s is broken', async (format, bytes) => {
    const result = await reader.read(format, bytes, 1000);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^Steward could not read the text of this (Word document|PDF): /) as unknown });
  });

  it('survives a zip bomb: the worker runs out of memory, the engine does not, the next file reads fine', async () => {
    const bomb = await inflatingDocx(100);
    expect(bomb.length).toBeLessThan(1024 * 1024); // 100 MB of XML in a file of a few hundred kB
    expect(await reader.read('docx', bomb, 1000)).toEqual({
      ok: false,
      reason: 'This Word document needs more than 64 MB to read, so Steward left its text out (the file itself is indexed).',
    });
    const after = await reader.read('docx', await docxOf(['still working']), 1000);
    expect(after).toEqual({ ok: true, text: expect.stringContaining('still working') as unknown });
  }, 120_000);
});
