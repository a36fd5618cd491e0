import { useSyncExternalStore } from 'react';
import type { ShellState } from '@shared/shell/protocol';
import { shellState, subscribeShellState } from '../api';

/** What the desktop shell last said (surface, tray advice, pause shortcut, start at login); null in a browser. */
export function useShellState(): ShellState | null {
  return useSyncExternalStore(subscribeShellState, shellState);
}

/** An Electron accelerator as people read it on their platform: ⌘⌥⇧P on macOS, Ctrl+Alt+Shift+P elsewhere. */
export function acceleratorLabel(accelerator: string, platform: string): string {
  const mac = platform === 'darwin';
  const names: Readonly<Record<string, string>> = mac
    ? { CommandOrControl: '⌘', Command: '⌘', Cmd: '⌘', Control: '⌃', Ctrl: '⌃', Alt: '⌥', Option: '⌥', Shift: '⇧' }
    : { CommandOrControl: 'Ctrl', Command: 'Ctrl', Cmd: 'Ctrl', Control: 'Ctrl', Ctrl: 'Ctrl', Alt: 'Alt', Option: 'Alt', Shift: 'Shift' };
  const keys = accelerator.split('+').map((key) => names[key] ?? key);
  return keys.join(mac ? '' : '+');
}
