/**
 * Runs in a worker thread with a memory cap (see document-text.ts): turns the bytes of a .docx
 * (mammoth) or a .pdf (unpdf's build of pdf.js) into plain text. It is given bytes, never a
 * path, so it cannot read anything the scope-checked reader did not. A hostile file that
 * exhausts memory or time ends this worker, not the engine.
 *
 * Node loads this file directly (type stripping), so it may use only erasable TypeScript.
 */
import { parentPort } from 'node:worker_threads';
import type { DocumentTextRequest, DocumentTextResponse } from './document-text.js';

/** pdf.js works page by page: stop reading pages once there is enough text. */
const MAX_PDF_PAGES = 50;

async function docxText(bytes: Uint8Array, maxChars: number): Promise<string> {
  const mammoth = await import('mammoth');
  const result = await mammoth.default.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  return result.value.slice(0, maxChars);
}

async function pdfText(bytes: Uint8Array, maxChars: number): Promise<string> {
  const { getDocumentProxy } = await import('unpdf');
  const pdf = await getDocumentProxy(bytes, { useSystemFonts: false, disableFontFace: true });
  try {
    const pages: string[] = [];
    let length = 0;
    for (let number = 1; number <= Math.min(pdf.numPages, MAX_PDF_PAGES) && length < maxChars; number++) {
      const page = await pdf.getPage(number);
      const content = await page.getTextContent();
      const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      pages.push(text);
      length += text.length;
    }
    return pages.join('\n\n').slice(0, maxChars);
  } finally {
    await pdf.loadingTask.destroy();
  }
}

parentPort?.on('message', (request: DocumentTextRequest) => {
  const reading = request.format === 'docx' ? docxText(request.bytes, request.maxChars) : pdfText(request.bytes, request.maxChars);
  reading.then(
    (text) => parentPort?.postMessage({ id: request.id, ok: true, text } satisfies DocumentTextResponse),
    (error: unknown) => parentPort?.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies DocumentTextResponse),
  );
});
