/**
 * Which flags Steward may set or clear, per capability (pure: table-tested). email.label sets
 * the user's keywords and \Flagged; email.markRead sets \Seen only. \Deleted is never allowed
 * (it is how IMAP deletes permanently), nor \Draft, \Answered or \Recent.
 */

/** An IMAP keyword is an atom: no spaces, no specials (RFC 3501 §9, flag-keyword), no controls. */
const KEYWORD_SPECIALS = /[\s(){%*"\\\]]/;

export function isKeyword(flag: string): boolean {
  if (flag.length === 0 || flag.length > 100 || KEYWORD_SPECIALS.test(flag)) return false;
  return [...flag].every((char) => {
    const code = char.charCodeAt(0);
    return code > 0x1f && code !== 0x7f && code < 0x80;
  });
}

export function labelFlagAllowed(flag: string): boolean {
  return flag === '\\Flagged' || isKeyword(flag);
}

export function readFlagAllowed(flag: string): boolean {
  return flag === '\\Seen';
}

/** Flags compare without case (RFC 3501 §2.3.2). */
export function sameFlag(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function hasFlag(flags: Iterable<string>, flag: string): boolean {
  for (const f of flags) if (sameFlag(f, flag)) return true;
  return false;
}

/** Whether the mailbox keeps this flag (PERMANENTFLAGS, where `\*` allows any new keyword). */
export function mailboxKeeps(permanentFlags: ReadonlySet<string> | undefined, flag: string): boolean {
  if (!permanentFlags) return true;
  return permanentFlags.has('\\*') || hasFlag(permanentFlags, flag);
}

/**
 * What a change did to one message, given its flags before: only what really changed, so undo
 * restores exactly the state before (a flag that was already there stays).
 */
export function effectOf(before: readonly string[], add: readonly string[], remove: readonly string[]): { added: string[]; removed: string[] } {
  return {
    added: add.filter((flag) => !hasFlag(before, flag)),
    removed: remove.filter((flag) => hasFlag(before, flag)),
  };
}

/** "\Seen" → "read", "\Flagged" → "flagged", a keyword is itself. */
export function flagWords(flag: string): string {
  if (sameFlag(flag, '\\Seen')) return 'read';
  if (sameFlag(flag, '\\Flagged')) return 'flagged';
  return `"${flag}"`;
}
