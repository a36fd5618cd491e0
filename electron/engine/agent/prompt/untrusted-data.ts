/**
 * Untrusted content (mail, event text, file text) enters the prompt as data, never as
 * instructions ("spotlighting"). Each item sits in a block whose tags carry a boundary drawn at
 * random for the run: `<data-BOUNDARY id="…" kind="mail">` … `</data-BOUNDARY>`. Content cannot
 * close the block early, because it cannot know the boundary; the boundary is checked not to
 * occur in any of it. The model is told in the system prompt that such blocks are data and in
 * the run's first message what this run's boundary is.
 *
 * Everything outside the blocks (field names, truncation notes) is written by Steward.
 */
import { randomBytes } from 'node:crypto';

/** mail, event, file: what others wrote. suggestion: one of Steward's cards, whose words quote mail. */
export type UntrustedKind = 'mail' | 'event' | 'file' | 'suggestion';

export interface UntrustedItem {
  /** Steward's id of the item: what the model refers to, and what provenance records. */
  readonly id: string;
  readonly kind: UntrustedKind;
  /** Header-like fields (from, to, subject, date; title, when, where; path, modified). Untrusted too. */
  readonly fields: Readonly<Record<string, string>>;
  readonly body: string;
  /** Show at most this much of the body (a triage needs the start of a message only). */
  readonly maxBodyChars?: number;
}

/** Long bodies are cut here; the cut is said outside the block, in Steward's words. */
export const DEFAULT_MAX_BODY_CHARS = 8_000;

export function newBoundary(random: (size: number) => Buffer = randomBytes): string {
  return random(12).toString('hex');
}

/** A boundary that occurs in none of the texts (drawn again in the astronomically rare case it does). */
export function boundaryFor(texts: readonly string[], random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const boundary = newBoundary(random);
    if (!texts.some((text) => text.includes(boundary))) return boundary;
  }
}

/** Every text of the items, for boundaryFor. */
export function textsOf(items: readonly UntrustedItem[]): string[] {
  return items.flatMap((item) => [item.body, ...Object.keys(item.fields), ...Object.values(item.fields)]);
}

export function renderUntrusted(item: UntrustedItem, boundary: string, maxBodyChars = DEFAULT_MAX_BODY_CHARS): string {
  // Items read later in a run were not there when the boundary was drawn: should one hold it,
  // it is struck out, so no content can ever close its block.
  const clean = (text: string) => text.split(boundary).join('[…]');
  const fields = Object.entries(item.fields)
    // One line per field: a line break in a subject must not start a field of its own.
    .map(([name, value]) => `${oneLine(clean(name))}: ${oneLine(clean(value))}`)
    .join('\n');
  const fullBody = clean(item.body);
  const limit = Math.min(maxBodyChars, item.maxBodyChars ?? maxBodyChars);
  const body = fullBody.length > limit ? fullBody.slice(0, limit) : fullBody;
  const cut = fullBody.length - body.length;
  const block = `<data-${boundary} id="${attribute(item.id)}" kind="${item.kind}">\n${fields}${fields ? '\n\n' : ''}${body}\n</data-${boundary}>`;
  return cut > 0 ? `${block}\n(Steward: ${cut.toLocaleString('en')} more characters of ${item.id} are not shown.)` : block;
}

export function renderUntrustedList(items: readonly UntrustedItem[], boundary: string, maxBodyChars = DEFAULT_MAX_BODY_CHARS): string {
  return items.map((item) => renderUntrusted(item, boundary, maxBodyChars)).join('\n\n');
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ').trim();
}

/** Ids are Steward's own, but keep the tag well-formed whatever they hold. */
function attribute(text: string): string {
  return oneLine(text).replace(/[<>"&]/g, (char) => `&#${char.charCodeAt(0)};`);
}
