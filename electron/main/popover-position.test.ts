import { describe, expect, it } from 'vitest';
import { POPOVER_GAP, popoverPosition, taskbarEdge, type DisplayArea, type Rect } from './popover-position.js';

const size = { width: 400, height: 600 };
const screen = { x: 0, y: 0, width: 1920, height: 1080 };

function display(workArea: Rect, bounds: Rect = screen): DisplayArea {
  return { bounds, workArea };
}

// Taskbar / menu bar layouts as the OS reports them.
const topBar = display({ x: 0, y: 25, width: 1920, height: 1055 }); // macOS menu bar, GNOME top bar
const bottomBar = display({ x: 0, y: 0, width: 1920, height: 1040 }); // Windows default
const leftBar = display({ x: 60, y: 0, width: 1860, height: 1080 });
const rightBar = display({ x: 0, y: 0, width: 1860, height: 1080 });
const noBar = display(screen); // auto-hiding taskbar

describe('taskbarEdge', () => {
  it.each([
    ['top', topBar],
    ['bottom', bottomBar],
    ['left', leftBar],
    ['right', rightBar],
  ] as const)('reads a %s taskbar from the work area', (edge, area) => {
    expect(taskbarEdge(area, null, 'linux')).toBe(edge);
  });

  it('with a menu bar and a dock, picks the one the icon is in', () => {
    const menuBarAndDock = display({ x: 0, y: 25, width: 1920, height: 985 });
    expect(taskbarEdge(menuBarAndDock, { x: 1700, y: 12 }, 'darwin')).toBe('top');
    expect(taskbarEdge(menuBarAndDock, { x: 1700, y: 1060 }, 'darwin')).toBe('bottom');
  });

  it('with nothing reserved, uses the screen edge nearest the icon, else the platform default', () => {
    expect(taskbarEdge(noBar, { x: 1900, y: 500 }, 'win32')).toBe('right');
    expect(taskbarEdge(noBar, null, 'win32')).toBe('bottom');
    expect(taskbarEdge(noBar, null, 'linux')).toBe('top');
  });
});

describe('popoverPosition', () => {
  it.each([
    {
      name: 'top bar (macOS): centred under the icon, just below the bar',
      area: topBar,
      tray: { x: 1500, y: 0, width: 24, height: 24 },
      expected: { x: 1312, y: 25 + POPOVER_GAP },
    },
    {
      name: 'bottom taskbar (Windows): centred above the icon',
      area: bottomBar,
      tray: { x: 1400, y: 1044, width: 32, height: 32 },
      expected: { x: 1216, y: 1040 - 600 - POPOVER_GAP },
    },
    {
      name: 'left taskbar: beside the bar, centred on the icon vertically',
      area: leftBar,
      tray: { x: 14, y: 900, width: 32, height: 32 },
      expected: { x: 60 + POPOVER_GAP, y: 1080 - 600 - POPOVER_GAP },
    },
    {
      name: 'right taskbar: beside the bar, centred on the icon',
      area: rightBar,
      tray: { x: 1874, y: 300, width: 32, height: 32 },
      expected: { x: 1860 - 400 - POPOVER_GAP, y: 16 },
    },
  ])('$name', ({ area, tray, expected }) => {
    expect(popoverPosition({ size, display: area, trayBounds: tray, platform: 'linux' })).toEqual(expected);
  });

  it('keeps the popover inside the work area when the icon is at the far corner', () => {
    const position = popoverPosition({ size, display: topBar, trayBounds: { x: 1900, y: 0, width: 20, height: 24 }, platform: 'darwin' });
    expect(position).toEqual({ x: 1920 - 400 - POPOVER_GAP, y: 25 + POPOVER_GAP });
  });

  it('on Linux (zero tray bounds) follows the cursor that clicked the icon', () => {
    const position = popoverPosition({
      size,
      display: topBar,
      trayBounds: { x: 0, y: 0, width: 0, height: 0 },
      cursor: { x: 1000, y: 10 },
      platform: 'linux',
    });
    expect(position).toEqual({ x: 800, y: 25 + POPOVER_GAP });
  });

  it('with neither icon nor cursor, uses the corner at the end of the taskbar', () => {
    expect(popoverPosition({ size, display: bottomBar, platform: 'win32' })).toEqual({
      x: 1920 - 400 - POPOVER_GAP,
      y: 1040 - 600 - POPOVER_GAP,
    });
  });

  it('works on a secondary display left of the primary (negative coordinates)', () => {
    const secondary = display({ x: -1280, y: 30, width: 1280, height: 994 }, { x: -1280, y: 0, width: 1280, height: 1024 });
    const position = popoverPosition({ size, display: secondary, trayBounds: { x: -300, y: 3, width: 24, height: 24 }, platform: 'linux' });
    expect(position).toEqual({ x: -288 - 200, y: 30 + POPOVER_GAP });
  });

  it('returns whole pixels', () => {
    const position = popoverPosition({ size, display: topBar, trayBounds: { x: 1000.5, y: 0, width: 23, height: 24 }, platform: 'darwin' });
    expect(Number.isInteger(position.x) && Number.isInteger(position.y)).toBe(true);
  });
});
