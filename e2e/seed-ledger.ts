/**
 * Seeds a Steward data folder's ledger with COUNT entries through the engine's own Ledger (the
 * same hashing and chaining every append gets), for the viewer's 100,000-entry spec. Going
 * through the HTTP API would take one request per entry (minutes on this machine); the entries
 * land in the same table, chained the same way, and the running host's next append anchors
 * them. Run with tsx (the engine's @shared paths):
 *
 *   npx tsx --tsconfig tsconfig.engine.json e2e/seed-ledger.ts DATA_DIR COUNT
 *
 * Entries cycle through the families the filters offer (gate decisions by the model on mail and
 * folders, executions by the user, grant changes), one every 20 seconds up to now.
 */
import type { CapabilityId } from '@shared/domain/capabilities.js';
import type { LedgerKind } from '@shared/domain/types.js';
import { openDatabase } from '../electron/engine/db/database.js';
import { SettingsStore } from '../electron/engine/db/settings.js';
import { EventBus } from '../electron/engine/event-bus.js';
import { Ledger, type LedgerInput } from '../electron/engine/ledger/ledger.js';
import { databaseFile } from '../electron/engine/paths.js';
import { engineSchema } from '../electron/engine/schema.js';

const [dataDir, countText] = process.argv.slice(2);
const count = Number(countText);
if (!dataDir || !Number.isInteger(count) || count < 1) {
  console.error('Usage: seed-ledger.ts DATA_DIR COUNT');
  process.exit(2);
}

const STEP_MS = 20_000;
const start = Date.now() - count * STEP_MS;
let tick = 0;
const clock = { now: () => new Date(start + tick * STEP_MS) };

interface Shape {
  readonly kind: LedgerKind;
  readonly actor: string;
  readonly capability: CapabilityId;
  readonly app: string;
  readonly words: (n: number) => string;
}

const SHAPES: readonly Shape[] = [
  { kind: 'gate.asked', actor: 'agent:run-seed', capability: 'email.send', app: 'imap', words: (n) => `Reply to message ${n}: Send mail (email.send) in Mail (IMAP) needs your approval.` },
  { kind: 'gate.allowed', actor: 'agent:run-seed', capability: 'email.read', app: 'imap', words: (n) => `email_search (query="invoice ${n}") in alice@example.test: You allowed Read mail (email.read) in Mail (IMAP).` },
  { kind: 'action.executed', actor: 'user:ui', capability: 'email.archive', app: 'gmail', words: (n) => `Archived newsletter ${n}` },
  { kind: 'gate.denied', actor: 'detector:newsletters', capability: 'files.trash', app: 'folders', words: (n) => `Move report-${n}.pdf to the Trash: You set Move files to the Trash (files.trash) in Folders to Deny in Settings → Permissions.` },
];

const db = openDatabase(databaseFile(dataDir), engineSchema());
const ledger = new Ledger(db, new SettingsStore(db), clock, new EventBus());
const began = Date.now();
// One transaction per 10,000: the host (which may be running) waits at most a moment to write.
for (let from = 0; from < count; from += 10_000) {
  ledger.atomically(() => {
    for (let i = from; i < Math.min(count, from + 10_000); i++) {
      tick = i;
      const shape = SHAPES[i % SHAPES.length] as Shape;
      const entry: LedgerInput = { kind: shape.kind, actor: shape.actor, summary: shape.words(i + 1), capability: shape.capability, detail: { app: shape.app, seeded: i + 1 } };
      ledger.append(entry);
    }
  });
}
db.close();
console.log(`Seeded ${count} ledger entries in ${Date.now() - began} ms.`);
