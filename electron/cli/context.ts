/**
 * What every command module gets from the program: the global options, printing that honours
 * --json, and a connection to the Steward of the data folder.
 */
import { resolve } from 'node:path';
import type { EngineApi } from '@shared/api/contract.js';
import { connect, type Connection } from './connect.js';
import { formatResult, type CliIo } from './output.js';

export type { CliIo } from './output.js';

export interface GlobalOptions {
  readonly dataDir: string;
  readonly json: boolean;
}

export interface CliContext {
  readonly io: CliIo;
  globals(): GlobalOptions;
  /** Prints `value` as JSON under --json, else what `human` says. */
  print(value: unknown, human: () => string): void;
  /** Wraps a command action: runs it against the Steward of the data folder, closing the connection after. */
  withApi<A extends unknown[]>(run: (api: EngineApi, connection: Connection, ...args: A) => Promise<void>): (...args: A) => Promise<void>;
}

export function createCliContext(io: CliIo, globals: () => GlobalOptions): CliContext {
  return {
    io,
    globals,
    print: (value, human) => io.out(formatResult(value, globals().json, human)),
    withApi:
      (run) =>
      async (...args) => {
        const connection = await connect(resolve(globals().dataDir));
        try {
          await run(connection.api, connection, ...args);
        } finally {
          await connection.close();
        }
      },
  };
}
