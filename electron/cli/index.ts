import { runFastPath } from './fast-path.js';

const argv = process.argv.slice(2);
// The kill switch first, before the rest of the CLI is loaded (see fast-path.ts); the program,
// loaded only when needed, serves every other command.
process.exitCode = (await runFastPath(argv)) ?? (await (await import('./program.js')).runCli(argv));
