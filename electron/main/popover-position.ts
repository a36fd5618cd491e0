/**
 * Where the popover goes: next to the tray icon, on the side of the screen the taskbar (or
 * menu bar) is on, and always inside the work area. Pure so it can be tested for every layout.
 *
 * The taskbar edge is read from the difference between the display's bounds and its work
 * area. Linux reports tray bounds of zero, so there the cursor (which just clicked the icon or
 * its menu) stands in for the icon.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Rect extends Point {
  readonly width: number;
  readonly height: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface DisplayArea {
  readonly bounds: Rect;
  readonly workArea: Rect;
}

export type ScreenEdge = 'top' | 'bottom' | 'left' | 'right';

export interface PopoverPlacement {
  readonly size: Size;
  readonly display: DisplayArea;
  /** Tray.getBounds(), or the bounds a click event reported; zero-sized on Linux. */
  readonly trayBounds?: Rect | null;
  readonly cursor?: Point | null;
  readonly platform: string;
}

/** Space between the popover and the taskbar or the screen edge. */
export const POPOVER_GAP = 8;

function usable(rect: Rect | null | undefined): rect is Rect {
  return !!rect && rect.width > 0 && rect.height > 0;
}

function centerOf(rect: Rect): Point {
  return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
}

/** Edges where the OS reserved room (taskbar, menu bar, panel), in the order we prefer. */
function reservedEdges({ bounds: b, workArea: w }: DisplayArea): ScreenEdge[] {
  const edges: ScreenEdge[] = [];
  if (w.y > b.y) edges.push('top');
  if (w.y + w.height < b.y + b.height) edges.push('bottom');
  if (w.x > b.x) edges.push('left');
  if (w.x + w.width < b.x + b.width) edges.push('right');
  return edges;
}

function distanceToEdge(point: Point, { bounds: b }: DisplayArea, edge: ScreenEdge): number {
  switch (edge) {
    case 'top':
      return Math.abs(point.y - b.y);
    case 'bottom':
      return Math.abs(b.y + b.height - point.y);
    case 'left':
      return Math.abs(point.x - b.x);
    case 'right':
      return Math.abs(b.x + b.width - point.x);
  }
}

/**
 * The edge the tray sits on. With a menu bar and a dock both reserved (macOS, GNOME), the one
 * nearest the icon wins; with nothing reserved (an auto-hiding taskbar) the nearest screen edge;
 * with no icon position at all, the platform's usual place for it.
 */
export function taskbarEdge(display: DisplayArea, anchor: Point | null, platform: string): ScreenEdge {
  const reserved = reservedEdges(display);
  const candidates: ScreenEdge[] = reserved.length > 0 ? reserved : anchor ? ['top', 'bottom', 'left', 'right'] : [];
  if (candidates.length === 0) return platform === 'win32' ? 'bottom' : 'top';
  if (!anchor || candidates.length === 1) return candidates[0] ?? 'top';
  return candidates.reduce((best, edge) =>
    distanceToEdge(anchor, display, edge) < distanceToEdge(anchor, display, best) ? edge : best,
  );
}

function clamp(value: number, min: number, max: number): number {
  // A window larger than the area sticks to its start rather than off the start of the screen.
  return max < min ? min : Math.min(Math.max(value, min), max);
}

export function popoverPosition({ size, display, trayBounds, cursor, platform }: PopoverPlacement): Point {
  const anchor = usable(trayBounds) ? centerOf(trayBounds) : (cursor ?? null);
  const edge = taskbarEdge(display, anchor, platform);
  const w = display.workArea;
  const minX = w.x + POPOVER_GAP;
  const minY = w.y + POPOVER_GAP;
  const maxX = w.x + w.width - size.width - POPOVER_GAP;
  const maxY = w.y + w.height - size.height - POPOVER_GAP;

  let x: number;
  let y: number;
  if (edge === 'top' || edge === 'bottom') {
    y = edge === 'top' ? minY : maxY;
    x = anchor ? anchor.x - size.width / 2 : maxX;
  } else {
    x = edge === 'left' ? minX : maxX;
    y = anchor ? anchor.y - size.height / 2 : maxY;
  }
  return { x: Math.round(clamp(x, minX, maxX)), y: Math.round(clamp(y, minY, maxY)) };
}
