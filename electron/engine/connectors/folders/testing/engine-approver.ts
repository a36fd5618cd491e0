/**
 * Child process for the engine crash test (test/integration/folders-crash.test.ts): opens the
 * engine on a data folder, as `steward approve` without a running Steward would, and approves
 * one suggestion; the test kills it in the middle.
 *   engine-approver.ts <data folder> <suggestion id>
 */
import { startEngine } from '../../../engine.js';
import { MemorySecretStore } from '../../../secrets/memory-secret-store.js';

const [dataDir, suggestionId] = process.argv.slice(2);
if (!dataDir || !suggestionId) throw new Error('usage: engine-approver.ts <data folder> <suggestion id>');
const engine = startEngine({ dataDir, mode: 'host', watch: false, secrets: new MemorySecretStore() });
process.stdout.write('approving\n');
await engine.apiFor('cli').approveSuggestion({ id: suggestionId });
process.stdout.write('finished\n');
await engine.stop();
