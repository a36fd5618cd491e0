/**
 * A real engine in a process of its own, for tests that kill it with SIGKILL: no handler runs,
 * nothing is closed, exactly what a crash or `kill -9` leaves. It reads one JSON command a line
 * on stdin ({"op":"approve","id":…}, {"op":"undo","id":…}, {"op":"stop"}) and answers with one
 * JSON line each on stdout; "ready" first.
 *
 *   node --import tsx test/crash/engine-child.ts DATA_DIR [--start-paused REASON]
 */
import { createInterface } from 'node:readline';
import { startEngine } from '../../electron/engine/index.js';

const [dataDir, flag, reason] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: engine-child.ts DATA_DIR [--start-paused REASON]');
const engine = startEngine({ dataDir, mode: 'host', watch: true, startPaused: flag === '--start-paused' ? (reason ?? 'test') : null });
const api = engine.apiFor('cli');
const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ pid: process.pid, ...message })}\n`);
say({ type: 'ready' });

createInterface({ input: process.stdin }).on('line', (line) => {
  const command = JSON.parse(line) as { op: string; id?: string };
  const answer = (work: Promise<unknown>) =>
    work.then(
      (result) => say({ type: 'done', op: command.op, result }),
      (error: unknown) => say({ type: 'error', op: command.op, message: error instanceof Error ? error.message : String(error) }),
    );
  switch (command.op) {
    case 'approve':
      void answer(api.approveSuggestion({ id: command.id ?? '' }));
      break;
    case 'undo':
      void answer(api.undo({ id: command.id ?? '' }));
      break;
    case 'status':
      void answer(api.getStatus());
      break;
    case 'ledger':
      void answer(api.listLedger({ limit: 20 }));
      break;
    case 'stop':
      void engine.stop().then(() => process.exit(0));
      break;
    default:
      say({ type: 'error', message: `unknown op ${command.op}` });
  }
});
