/**
 * Turns what a person (or the model) types into an FTS5 query that cannot be a syntax error
 * and cannot use FTS5's operators by accident: every word becomes a quoted prefix term, and all
 * terms must match. "Q1 report" finds "report-Q1-2024.xlsx"; `NEAR(` or a stray quote is just text.
 */
const MAX_TERMS = 12;

export function ftsQueryOf(text: string): string | null {
  const terms = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((term) => term.length > 0)
    .slice(0, MAX_TERMS);
  if (terms.length === 0) return null;
  return terms.map((term) => `"${term}"*`).join(' AND ');
}
