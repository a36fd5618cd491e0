/**
 * The headless host's network face: token on every API request, Origin and Host checks on the
 * WebSocket, the UI's static files without a token, the CLI's host file.
 */
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectEngineApi, json } from '../../shared/rpc/rpc.js';
import type { EngineEvent } from '../../shared/api/events.js';
import { hostFile, readLiveHostInfo } from '../../electron/host/host-file.js';
import { startHost, type RunningHost } from '../../electron/host/run-host.js';
import { tempDataDir } from '../engine-fixture.js';
import { waitUntil } from '../wait-until.js';

let host: RunningHost | null = null;
let dataDir = '';
afterEach(async () => {
  await host?.stop();
  host = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(): Promise<{ host: RunningHost; token: string; base: string }> {
  dataDir = tempDataDir();
  const ui = join(dataDir, 'ui');
  mkdirSync(ui);
  writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Steward</title>');
  host = await startHost({ dataDir, staticDir: ui });
  const token = new URL(host.openUrl).hash.replace('#token=', '');
  return { host, token, base: host.server.url };
}

function upgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number } | WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', reject);
  });
}

describe('steward host', () => {
  it('prints an address with the token and keeps its host file private', async () => {
    const { host: h, token } = await start();
    expect(h.openUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}$/);
    expect(statSync(hostFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(readLiveHostInfo(dataDir)).toMatchObject({ pid: process.pid, token });
    await expect(startHost({ dataDir, staticDir: null })).rejects.toThrow(/already running/);
    await h.stop();
    expect(readLiveHostInfo(dataDir)).toBeNull();
  });

  it('serves the UI without a token but refuses every API request without one', async () => {
    const { token, base } = await start();
    const page = await fetch(base);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('<title>Steward</title>');

    expect((await fetch(`${base}api/status`)).status).toBe(401);
    expect((await fetch(`${base}api/status`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(`${base}api/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ paused: false, mode: 'host', accounts: [] });

    const unknown = await fetch(`${base}api/approveSuggestion`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ id: 'deadbeef' }),
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining('deadbeef') as string } });

    const bad = await fetch(`${base}api/pause`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{not json' });
    expect(bad.status).toBe(400);
    const write = await fetch(`${base}api/pause`, { headers: { authorization: `Bearer ${token}` } });
    expect(write.status).toBe(400);
    expect((await fetch(`${base}api/status`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json())) as object).toMatchObject({ paused: false });
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    const { base } = await start();
    const port = new URL(base).port;
    const response = await new Promise<number>((resolve, reject) => {
      import('node:http')
        .then(({ request }) => {
          const req = request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, (res) => resolve(res.statusCode ?? 0));
          req.on('error', reject);
          req.end();
        })
        .catch(reject);
    });
    expect(response).toBe(421);
  });

  it('survives garbage from anyone on the machine: bad request lines, bad Host headers, resets, junk frames', async () => {
    const { token, base } = await start();
    const { port } = new URL(base);
    const { connect } = await import('node:net');
    const raw = (text: string, reset = false) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write(text);
          if (reset) setTimeout(() => socket.resetAndDestroy(), 5);
        });
        let answer = '';
        socket.on('data', (d: Buffer) => (answer += d.toString()));
        socket.on('error', () => resolve(answer));
        socket.on('close', () => resolve(answer));
        setTimeout(() => socket.destroy(), 500);
      });
    const upgrade = 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n';
    expect(await raw(`GET /api/ws HTTP/1.1\r\nHost: [\r\n${upgrade}\r\n`)).toMatch(/^HTTP\/1.1 421/);
    expect(await raw(`GET http://[ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`)).toMatch(/^HTTP\/1.1 400/);
    await raw(`GET /api/ws?token=wrong HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${upgrade}\r\n`, true);
    await raw('\x00\x01 not http at all\r\n\r\n');

    const ws = (await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`${base.replace('http://', 'ws://')}api/ws?token=${token}`);
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    }));
    const replies: string[] = [];
    ws.on('message', (d: Buffer) => replies.push(d.toString()));
    ws.send('null');
    ws.send('{not json');
    ws.send(JSON.stringify({ t: 'q', i: 'probe', m: 'constructor', a: ['escaped?'] }));
    await waitUntil('an answer to the probe', () => replies.some((r) => r.includes('probe')));
    // Answered with an error (birpc's "function not found"), never with Object's constructor.
    expect(JSON.parse(replies.find((r) => r.includes('probe')) ?? '{}')).toMatchObject({ i: 'probe', e: {} });
    expect(replies.find((r) => r.includes('probe'))).not.toContain('escaped?');
    ws.close();

    const still = await fetch(`${base}api/status`, { headers: { authorization: `Bearer ${token}` } });
    expect(still.status).toBe(200);
  });

  it('accepts a WebSocket with the token from its own origin only, and streams events', async () => {
    const { token, base } = await start();
    const wsBase = base.replace('http://', 'ws://');
    expect(await upgrade(`${wsBase}api/ws`)).toEqual({ status: 401 });
    expect(await upgrade(`${wsBase}api/ws?token=wrong`)).toEqual({ status: 401 });
    expect(await upgrade(`${wsBase}api/ws?token=${token}`, { origin: 'http://evil.example' })).toEqual({ status: 403 });

    const ws = await upgrade(`${wsBase}api/ws?token=${token}`, { origin: base.replace(/\/$/, '') });
    expect(ws).toBeInstanceOf(WebSocket);
    const socket = ws as WebSocket;
    const events: EngineEvent[] = [];
    const client = connectEngineApi(
      { post: (data) => socket.send(data as string), on: (listener) => socket.on('message', (data: Buffer) => listener(data.toString('utf8'))) },
      (event) => events.push(event),
      json,
    );
    const paused = await client.api.pause({ reason: 'from the browser' });
    expect(paused.paused).toBe(true);
    await waitUntil('a status event', () => events.some((e) => e.type === 'status.changed'));
    const ledger = await client.api.listLedger();
    expect(ledger[0]).toMatchObject({ kind: 'engine.paused', actor: 'user:web', summary: 'Paused: from the browser' });
    await expect(client.api.getSuggestion({ id: 'nothing-here' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(client.api.addAccount({ email: 'x' } as never)).rejects.toMatchObject({ code: 'invalid_input' });
    client.close();
    socket.close();
  });

  it('records the actor from the token that authenticated, never from a header', async () => {
    const { host: h, token, base } = await start();
    const call = (method: string, bearer: string, headers: Record<string, string> = {}) =>
      fetch(new URL(`api/${method}`, base), { method: 'POST', headers: { authorization: `Bearer ${bearer}`, ...headers }, body: method === 'pause' ? '{"reason":"x"}' : '' });
    // A page or a script that claims to be the CLI is still the web client it is.
    expect((await call('pause', token, { 'x-steward-client': 'cli' })).status).toBe(200);
    expect((await h.engine.apiFor('ui').listLedger({ limit: 1 }))[0]).toMatchObject({ kind: 'engine.paused', actor: 'user:web' });
    // The CLI's own token, from the private host file, is what makes a request the CLI's.
    const cliToken = readLiveHostInfo(dataDir)?.cliToken ?? '';
    expect(cliToken).not.toBe(token);
    expect((await call('resume', cliToken)).status).toBe(200);
    expect((await h.engine.apiFor('ui').listLedger({ limit: 1 }))[0]).toMatchObject({ kind: 'engine.resumed', actor: 'user:cli' });
  });

  it('caps open connections: a flood is closed at once and the host answers again after it', async () => {
    const { token, base } = await start();
    const { connect } = await import('node:net');
    const { MAX_CONNECTIONS } = await import('../../electron/host/server.js');
    const { port } = new URL(base);
    const flood = await Promise.all(
      Array.from({ length: MAX_CONNECTIONS }, () => new Promise<Socket>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
        socket.on('error', () => undefined);
      })),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(fetch(new URL('api/status', base), { headers: { authorization: `Bearer ${token}` } })).rejects.toThrow();
    for (const socket of flood) socket.destroy();
    await waitUntil('the host to answer again', async () => (await fetch(new URL('api/status', base), { headers: { authorization: `Bearer ${token}` } }).catch(() => null))?.status === 200);
  });

  it('replaces the address token with --new-token, and keeps it otherwise', async () => {
    const first = await start();
    await first.host.stop();
    host = await startHost({ dataDir, staticDir: null });
    expect(new URL(host.openUrl).hash).toBe(`#token=${first.token}`);
    await host.stop();
    host = await startHost({ dataDir, staticDir: null, newToken: true });
    const rotated = new URL(host.openUrl).hash.replace('#token=', '');
    expect(rotated).not.toBe(first.token);
    const old = await fetch(new URL('api/status', host.server.url), { headers: { authorization: `Bearer ${first.token}` } });
    expect(old.status).toBe(401);
  });
});
