import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { protocol } from './test-support/fake-electron.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const { APP_SCHEME, CONTENT_SECURITY_POLICY, createAppProtocolHandler, registerAppScheme, resolveAppFile, serveAppProtocol } =
  await import('./app-protocol.js');

let sandbox: string;
let root: string;

beforeAll(() => {
  // root = <sandbox>/renderer; a secret sits beside it, where traversal would land.
  sandbox = mkdtempSync(join(tmpdir(), 'steward-protocol-'));
  root = join(sandbox, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Steward</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(sandbox, 'secret.txt'), 'TOP SECRET');
});

afterAll(() => rmSync(sandbox, { recursive: true, force: true }));

describe('registration', () => {
  it('registers app:// as a standard, secure scheme', () => {
    registerAppScheme();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledOnce();
    const [[schemes]] = protocol.registerSchemesAsPrivileged.mock.calls as [[Array<{ scheme: string; privileges: Record<string, unknown> }>]];
    expect(schemes).toHaveLength(1);
    expect(schemes[0]).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    // Never bypassCSP: the CSP header below must apply.
    expect(schemes[0]?.privileges.bypassCSP).toBeUndefined();
  });

  it('serves the scheme through protocol.handle', () => {
    serveAppProtocol(root);
    expect(protocol.handle).toHaveBeenCalledWith(APP_SCHEME, expect.any(Function));
  });
});

describe('resolveAppFile', () => {
  it('maps our URLs into the renderer folder', () => {
    expect(resolveAppFile(root, 'app://steward/index.html')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://steward/')).toBe(join(root, 'index.html'));
    expect(resolveAppFile(root, 'app://steward/assets/index-abc.js?v=1#x')).toBe(join(root, 'assets', 'index-abc.js'));
  });

  it.each([
    'app://steward/..%2fsecret.txt',
    'app://steward/%2e%2e%2fsecret.txt',
    'app://steward/assets/..%2f..%2fsecret.txt',
    'app://steward/..%5csecret.txt',
    'app://steward/index.html%00.png',
    'app://steward/%E0%A4%A',
    'app://other-host/index.html',
    'file:///etc/passwd',
    'https://steward/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(root, url)).toBeNull();
  });

  it('keeps plain dot segments inside the folder (the URL parser already collapsed them)', () => {
    for (const url of ['app://steward/../secret.txt', 'app://steward/assets/../../../secret.txt', 'app://steward/%2e%2e/secret.txt']) {
      const file = resolveAppFile(root, url);
      expect(file === null || file.startsWith(root + sep)).toBe(true);
    }
  });
});

describe('the handler', () => {
  const handler = (): ((request: Request) => Promise<Response>) => createAppProtocolHandler(root);

  it('serves pages with the CSP and the right content type', async () => {
    const response = await handler()(new Request('app://steward/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Steward</title>');
  });

  it('serves module scripts as JavaScript (Chromium refuses modules with another MIME type)', async () => {
    const response = await handler()(new Request('app://steward/assets/index-abc.js'));
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('the CSP allows only our own scripts, no inline or eval, no network', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d] as const));
    expect(directives.get('default-src')).toBe("default-src 'self'");
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('connect-src')).toBe("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline|\*/);
  });

  it('refuses traversal with a 404 that carries nothing of the file', async () => {
    for (const url of ['app://steward/..%2fsecret.txt', 'app://steward/assets/..%2f..%2fsecret.txt', 'app://steward/../secret.txt']) {
      const response = await handler()(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('TOP SECRET');
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers 404 for missing files and folders, 405 for writes', async () => {
    expect((await handler()(new Request('app://steward/nope.html'))).status).toBe(404);
    expect((await handler()(new Request('app://steward/assets'))).status).toBe(404);
    expect((await handler()(new Request('app://steward/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});
