/**
 * The names browsers and file managers give a second copy of a file: "report (1).pdf"
 * (Chrome, Firefox, Edge), "report-1.pdf" (Safari), "report copy.pdf" and "report copy 2.pdf"
 * (Finder), "report - Copy.pdf" and "report - Copy (2).pdf" (Windows), "Copy of report.pdf"
 * (Google Drive, older Windows), "report.pdf.1" (wget). Pure.
 */
// Windows' " - Copy (2)" first: the others would take it apart piece by piece.
const PATTERNS: readonly ((stem: string) => string | null)[] = [
  (stem) => stem.match(/^(.+?) - Copy(?: \(\d{1,3}\))?$/i)?.[1] ?? null,
  (stem) => stem.match(/^(.+?) ?\(\d{1,3}\)$/)?.[1] ?? null,
  (stem) => stem.match(/^(.+?)-\d{1,2}$/)?.[1] ?? null,
  (stem) => stem.match(/^(.+?) copy(?: \d{1,3})?$/i)?.[1] ?? null,
  (stem) => stem.match(/^Copy of (.+)$/i)?.[1] ?? null,
];

/** The name this one is a copy of ("report (1).pdf" → "report.pdf"), or null when it does not look like a copy. */
export function originalNameOf(name: string): string | null {
  const wget = name.match(/^(.+\.[^.]+)\.\d{1,3}$/);
  if (wget?.[1]) return wget[1];
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (const pattern of PATTERNS) {
    const original = pattern(stem);
    if (original && original.trim() !== '') return original + ext;
  }
  return null;
}

/** The name at the start of a chain of copies ("report (1) copy.pdf" → "report.pdf"), in lower case for comparing. */
export function familyNameOf(name: string): string {
  let current = name.normalize('NFC');
  for (let depth = 0; depth < 3; depth++) {
    const original = originalNameOf(current);
    if (original === null) break;
    current = original;
  }
  return current.toLowerCase();
}

/** Whether `candidate` is `original` itself or a copy-name of it (case-insensitive, as file systems on Mac and Windows are). */
export function isNameOrCopyOf(candidate: string, original: string): boolean {
  const want = original.normalize('NFC').toLowerCase();
  let current: string | null = candidate.normalize('NFC');
  // "report (1) copy.pdf" is a copy of a copy: follow the chain a few steps.
  for (let depth = 0; current !== null && depth < 3; depth++) {
    if (current.toLowerCase() === want) return true;
    current = originalNameOf(current);
  }
  return false;
}
