/**
 * HTML mail as plain text for the detectors and the model. Nothing of the HTML survives that
 * could run or load: scripts, styles and head are dropped, images (tracking pixels) are not even
 * named, links keep their words but not their addresses. The text is data, never markup.
 */
import { compile } from 'html-to-text';

const OPTIONS = {
  wordwrap: false as const,
  // A message of 10 MB of nested tables should not cost seconds: read only the start.
  limits: { maxInputLength: 2_000_000, maxDepth: 200, ellipsis: ' …' },
  selectors: [
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'object', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
  ],
};

/** Compiled once: building the selector machinery costs more than converting a message. */
const convert = compile(OPTIONS);

export function htmlToText(html: string): string {
  try {
    return convert(html).trim();
  } catch {
    // html-to-text is forgiving, but a parser that throws must not cost the message.
    return html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  }
}
