// The Google emulator (@emulators/google 0.4.1: Gmail, Calendar and OAuth over REST), served on a
// free 127.0.0.1 port for the tests, with the gaps of 0.4.1 against real Gmail filled in front of
// it (google-fidelity.ts) and a few test-only controls beside it (google-control.ts).
//
// It runs inside the process that starts it (Vitest's main process, from globalSetup), like the
// SMTP sink: it keeps no files and spawns nothing, so when that process ends, however it ends,
// nothing is left behind. stop() closes the listener and cuts open keep-alive connections so a
// run ends promptly.
//
// Pinned to 0.4.1 on purpose: 0.11.2 depends on an @emulators/core that was never published.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from '@emulators/core';
import { googlePlugin } from '@emulators/google';
import { serve } from '@hono/node-server';
import { GoogleControls } from './google-control.js';
import { GmailFidelity } from './google-fidelity.js';

export interface GoogleEmulator {
  /** `http://127.0.0.1:PORT`: every Google endpoint (OAuth and APIs) lives under it. */
  readonly origin: string;
  /** Closes the server. Safe to call twice. */
  stop(): Promise<void>;
}

/** What createServer returns: the Hono app, its in-memory store and the access tokens it honours. */
export type EmulatorInstance = ReturnType<typeof createServer>;

const HOST = '127.0.0.1';

export async function startGoogleEmulator(): Promise<GoogleEmulator> {
  // The emulator wants its base URL (the OIDC issuer) before it exists, and the port is known only
  // once the server listens: listen first, then build the emulator behind the same handler.
  let handle: (request: Request) => Promise<Response> = () => Promise.resolve(new Response('The Google emulator is starting.', { status: 503 }));
  const server = serve({ fetch: (request) => handle(request), port: 0, hostname: HOST }) as Server;
  const port = await listeningPort(server);
  const origin = `http://${HOST}:${port}`;

  const emulator = createServer(googlePlugin, { port, baseUrl: origin });
  const fidelity = new GmailFidelity(emulator);
  const controls = new GoogleControls(emulator, fidelity);
  handle = async (request) => (await controls.handle(request)) ?? fidelity.handle(request);

  let stopping: Promise<void> | undefined;
  return {
    origin,
    stop: () =>
      (stopping ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Workers' keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      })),
  };
}

function listeningPort(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(new Error(`The Google emulator could not listen on ${HOST}: ${error.message}`));
    };
    if (server.listening) return onListening();
    server.once('listening', onListening);
    server.once('error', onError);
  });
}
