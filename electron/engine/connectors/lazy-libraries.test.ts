import { registerHooks } from 'node:module';
import { expect, it } from 'vitest';

// Every module Node resolves from here on, as a path below node_modules.
const resolved: string[] = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    const below = /\/node_modules\/(.*)$/.exec(result.url)?.[1];
    if (below) resolved.push(below);
    return result;
  },
});

it('starting the engine loads neither nodemailer nor ical.js: they wait for the first message written or calendar read', async () => {
  await import('../compose.js');
  expect(resolved.length).toBeGreaterThan(0); // the hook sees the engine's own dependencies
  // mailparser (the mail read path) takes nodemailer's small address parser; nothing else of nodemailer may load.
  expect(resolved.filter((path) => path.startsWith('nodemailer/') && !path.startsWith('nodemailer/dist/esm/addressparser/'))).toEqual([]);
  expect(resolved.filter((path) => path.startsWith('ical.js/'))).toEqual([]);
});
