import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC } from '../../shared/shell/protocol.js';
import { ipcMain } from './test-support/fake-electron.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const { createValidatedIpc, originOf, senderRejection } = await import('./ipc.js');

const OWN_ID = 7;
const policy = { isOwnWebContents: (id: number) => id === OWN_ID, trustedOrigins: new Set(['app://steward']) };

function sender(overrides: { id?: number; url?: string; parent?: object | null; frame?: null } = {}): never {
  const frame = overrides.frame === null ? null : { url: overrides.url ?? 'app://steward/index.html', parent: overrides.parent ?? null };
  return { sender: { id: overrides.id ?? OWN_ID }, senderFrame: frame } as never;
}

describe('originOf', () => {
  it('names custom-scheme origins, which URL.origin reports as "null"', () => {
    expect(originOf('app://steward/settings.html#accounts')).toBe('app://steward');
    expect(originOf('http://localhost:5173/index.html')).toBe('http://localhost:5173');
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(originOf('not a url')).toBeNull();
  });
});

describe('senderRejection', () => {
  it('accepts the top frame of our own window on app://steward', () => {
    expect(senderRejection(sender(), policy)).toBeNull();
  });

  it.each([
    ['a webContents we did not create', sender({ id: 99 }), /not a Steward window/],
    ['a page that navigated to another site', sender({ url: 'https://evil.example/' }), /not trusted/],
    ['a file:// page', sender({ url: 'file:///tmp/x.html' }), /not trusted/],
    ['a lookalike custom origin', sender({ url: 'app://steward.evil/index.html' }), /not trusted/],
    ['an iframe inside our page', sender({ parent: {} }), /subframe/],
    ['a frame that is already gone', sender({ frame: null }), /gone/],
  ])('refuses %s', (_name, event, reason) => {
    expect(senderRejection(event, policy)).toMatch(reason);
  });
});

describe('createValidatedIpc', () => {
  beforeEach(() => {
    ipcMain.removeAllListeners();
    ipcMain.handlers.clear();
  });

  it('delivers messages from our windows and drops foreign ones, logging why', () => {
    const log = vi.fn();
    const ipc = createValidatedIpc(policy, log);
    const handler = vi.fn();
    ipc.on(IPC.quit, handler);

    ipcMain.emit(IPC.quit, sender());
    ipcMain.emit(IPC.quit, sender({ id: 99 }));
    ipcMain.emit(IPC.quit, sender({ url: 'https://evil.example/' }));

    expect(handler).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledTimes(2);
    expect(log.mock.calls[0]?.[0]).toMatch(/refused IPC "steward:quit"/);
  });

  it('hands the handler what the page sent, untouched (each handler checks its shape)', () => {
    const ipc = createValidatedIpc(policy);
    const handler = vi.fn();
    ipc.on(IPC.setLaunchAtLogin, handler);
    ipcMain.emit(IPC.setLaunchAtLogin, sender(), true);
    expect(handler.mock.calls[0]?.[1]).toEqual([true]);
  });

  it('refuses channels that are not in the protocol, and double handlers', () => {
    const ipc = createValidatedIpc(policy);
    expect(() => ipc.on('steward:anything' as never, () => undefined)).toThrow(/Unknown IPC channel/);
    ipc.on(IPC.hidePopover, () => undefined);
    expect(() => ipc.on(IPC.hidePopover, () => undefined)).toThrow(/already has a handler/);
  });

  it('answers requests from our windows, refuses the rest, and knows only the protocol’s request channels', async () => {
    const log = vi.fn();
    const ipc = createValidatedIpc(policy, log);
    ipc.handle(IPC.chooseFolder, (_event, args) => Promise.resolve(`chosen ${args.length}`));
    await expect(ipcMain.invoke(IPC.chooseFolder, sender())).resolves.toBe('chosen 0');
    await expect(ipcMain.invoke(IPC.chooseFolder, sender({ parent: {} }))).rejects.toThrow(/refused/);
    expect(log.mock.calls[0]?.[0]).toMatch(/refused IPC "steward:choose-folder": the message came from a subframe/);
    expect(() => ipc.handle(IPC.chooseFolder, () => Promise.resolve(null))).toThrow(/already has a handler/);
    expect(() => ipc.handle(IPC.quit as never, () => Promise.resolve(null))).toThrow(/Unknown IPC channel/);
    ipc.dispose();
    await expect(ipcMain.invoke(IPC.chooseFolder, sender())).rejects.toThrow(/No handler/);
  });

  it('dispose removes its listeners', () => {
    const ipc = createValidatedIpc(policy);
    ipc.on(IPC.openSettings, () => undefined);
    expect(ipcMain.listenerCount(IPC.openSettings)).toBe(1);
    ipc.dispose();
    expect(ipcMain.listenerCount(IPC.openSettings)).toBe(0);
  });
});

describe('the validated wrapper is the only way in', () => {
  it('no other shell module uses ipcMain', () => {
    const dir = import.meta.dirname;
    const offenders = sourceFiles(dir)
      .filter((file) => !file.endsWith('.test.ts') && !file.includes('test-support') && relative(dir, file) !== 'ipc.ts')
      .filter((file) => /\bipcMain\b/.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(dir, file))).toEqual([]);
  });
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}
