/**
 * Where a key moves the focus in a long list of rows: one row with the arrows, a screenful with
 * Page Up/Down, the ends with Home/End. `from` is -1 when no row has the focus yet (the next
 * row is then the first). Null for any other key, which the list leaves alone.
 */
export function rowAfterKey(key: string, from: number, count: number, pageRows: number): number | null {
  if (count === 0) return null;
  const clamp = (index: number) => Math.min(count - 1, Math.max(0, index));
  switch (key) {
    case 'ArrowDown':
      return clamp(from + 1);
    case 'ArrowUp':
      return clamp(from - 1);
    case 'PageDown':
      return clamp(from + pageRows);
    case 'PageUp':
      return clamp(from - pageRows);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
