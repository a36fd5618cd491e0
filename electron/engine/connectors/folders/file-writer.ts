/**
 * The only code that changes anything in the user's folders. Every write takes the gate's
 * ticket and checks it (assertFileTicket) immediately before each change on disk; every path
 * goes through the scope resolver again right before it is used; nothing is ever overwritten
 * (link(2) or a checked rename, see no-replace.ts) and nothing is deleted: "delete" is the
 * system Trash. Every write is journaled first (move-journal.ts), so a crash leaves each file
 * in exactly one place and recover() can say what happened.
 *
 * Undo reverses from the journal: moves go back (refusing to overwrite anything that appeared
 * at the old place since), trashed files come back from the Trash while it still holds them,
 * a created file goes to the Trash if nobody changed it.
 */
import { createHash } from 'node:crypto';
import { link, lstat, mkdir, open, rmdir, unlink } from 'node:fs/promises';
import { ApiError } from '@shared/api/errors.js';
import type { BoundTicket } from '../../gate/gate.js';
import type { FileRef } from '../../items/file/file-item.js';
import { baseNameOfRaw, displayOfRaw, keyOfRaw, parentOfRaw, rawOfKey, type PathKey } from '../../items/file/path-key.js';
import { assertFileTicket, type FileCapabilityId } from './file-capabilities.js';
import type { JournalPurpose, JournalStep, MoveJournal, PlannedStep } from './move-journal.js';
import { codeOf, copyAcross, CrossDeviceError, DestinationTakenError, exists, hashFile, moveNoReplace } from './no-replace.js';
import { describeFsError, joinOs, ScopeError, type ScopeResolver } from './scope-resolver.js';
import { invalidNameReason, splitRaw } from './scopes.js';
import { entryTypeOf } from './stamp.js';
import { locateInTrash, moveToTrash, restoreFromTrash } from './trash-bin.js';

/** A file or folder inside a granted folder. */
export type EntryRef = FileRef;

export interface MoveRequest {
  readonly from: EntryRef;
  /** The folder to move into ("" = the root itself). */
  readonly toFolder: EntryRef;
  /** A new name; the same name when absent. */
  readonly name?: PathKey;
}

export interface StepReport {
  readonly op: JournalStep['op'];
  readonly from: EntryRef | null;
  readonly to: EntryRef | null;
}

export interface WriteOutcome {
  readonly actionId: string;
  readonly done: readonly StepReport[];
  readonly notDone: readonly (StepReport & { readonly reason: string })[];
  /** In words: "Moved 14 files to Downloads/Old 2026-11". */
  readonly summary: string;
}

export interface FileWriterDeps {
  readonly resolver: ScopeResolver;
  readonly journal: MoveJournal;
  /** The folders account every ticket must be for. */
  readonly accountId: string;
  /** Root names for summaries. */
  readonly rootName: (rootId: string) => string;
}

const STOPPED = 'Steward stopped before it got to this file (paused, or the app was closed).';

/** The gate refused the ticket: nothing more of this action may run. */
class TicketRefused extends Error {
  constructor(readonly refusal: unknown) {
    super(refusal instanceof Error ? refusal.message : String(refusal));
    this.name = 'TicketRefused';
  }
}

export class FileWriter {
  constructor(private readonly deps: FileWriterDeps) {}

  /**
   * Moves (files.move) or renames (files.rename) entries as one journaled action. The whole
   * plan is checked first: if any source is outside the granted folders or missing, or any
   * destination is taken, nothing moves. Missing destination folders are created when asked.
   */
  async move(ticket: BoundTicket, capability: 'files.move' | 'files.rename', actionId: string, requests: readonly MoveRequest[], options: { readonly createFolders?: boolean } = {}): Promise<WriteOutcome> {
    if (this.deps.journal.steps(actionId, 'execute').length > 0) return this.resume(actionId, 'execute');
    if (requests.length === 0) throw new ApiError('invalid_input', 'There is nothing to move.');
    const planned: PlannedStep[] = [];
    const folderSteps = new Map<string, PlannedStep>();
    const problems: string[] = [];
    const destinations = new Set<string>();
    const sources = new Set<string>();
    for (const [i, request] of requests.entries()) {
      const source = await this.deps.resolver.entry(request.from.rootId, rawOfKey(request.from.path));
      const sourceKey = source.absPath.toString('latin1');
      if (sources.has(sourceKey)) throw new ApiError('invalid_input', `${this.describe(request.from)} is listed twice.`);
      sources.add(sourceKey);
      const name = request.name === undefined ? baseNameOfRaw(source.relPath) : rawOfKey(request.name);
      const nameProblem = invalidNameReason(name);
      if (nameProblem) throw new ApiError('invalid_input', `"${displayOfRaw(name)}": ${nameProblem}`);
      const folder = await this.destinationFolder(request.toFolder, options.createFolders === true, folderSteps);
      const toAbs = joinOs(folder.absPath, name);
      const toRel = folder.relPath.length === 0 ? Buffer.from(name) : Buffer.concat([folder.relPath, Buffer.from('/'), name]);
      if (destinations.has(toAbs.toString('latin1'))) problems.push(`two files would both become ${this.describe({ rootId: folder.rootId, path: keyOfRaw(toRel) })}`);
      destinations.add(toAbs.toString('latin1'));
      if (source.stats.isDirectory() && isSameOrBelow(source.absPath, folder.absPath)) {
        throw new ApiError('invalid_input', `${this.describe(request.from)} cannot be moved into itself.`);
      }
      if (await exists(toAbs)) problems.push(`${this.describe({ rootId: folder.rootId, path: keyOfRaw(toRel) })} already exists`);
      planned.push({
        op: 'move',
        fromRoot: source.rootId,
        fromRel: source.relPath,
        fromAbs: source.absPath,
        toRoot: folder.rootId,
        toRel,
        toAbs,
        dev: source.stats.dev.toString(),
        ino: source.stats.ino.toString(),
        size: Number(source.stats.size),
        hash: null,
        // Used only if the move crosses drives: a hidden name beside the destination.
        tempAbs: joinOs(folder.absPath, Buffer.from(`.steward-moving-${shortId(actionId)}-${i}`)),
        refSeq: null,
      });
    }
    if (problems.length > 0) {
      throw new ApiError('conflict', `Nothing was moved: ${problems.join('; ')}. Steward never overwrites; choose another name or folder.`);
    }
    const steps = this.deps.journal.plan(actionId, 'execute', [...folderSteps.values(), ...planned]);
    await this.run(ticket, capability, steps);
    return this.outcome(actionId, 'execute');
  }

  /** Renames one entry in place (files.rename). */
  async rename(ticket: BoundTicket, actionId: string, entry: EntryRef, newName: PathKey): Promise<WriteOutcome> {
    const raw = rawOfKey(entry.path);
    const folder: EntryRef = { rootId: entry.rootId, path: keyOfRaw(parentOfRaw(raw)) };
    return this.move(ticket, 'files.rename', actionId, [{ from: entry, toFolder: folder, name: newName }]);
  }

  /** Saves a new file in a granted folder (files.create). Never replaces anything. */
  async create(ticket: BoundTicket, actionId: string, folder: EntryRef, name: PathKey, content: Buffer | string): Promise<WriteOutcome> {
    if (this.deps.journal.steps(actionId, 'execute').length > 0) return this.resume(actionId, 'execute');
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const target = await this.deps.resolver.newEntry(folder.rootId, rawOfKey(folder.path), rawOfKey(name));
    if (await exists(target.absPath)) {
      throw new ApiError('conflict', `${this.describe({ rootId: target.rootId, path: keyOfRaw(target.relPath) })} already exists. Steward never overwrites; choose another name.`);
    }
    const [step] = this.deps.journal.plan(actionId, 'execute', [
      {
        op: 'create',
        fromRoot: null,
        fromRel: null,
        fromAbs: null,
        toRoot: target.rootId,
        toRel: target.relPath,
        toAbs: target.absPath,
        dev: null,
        ino: null,
        size: bytes.length,
        hash: createHash('sha256').update(bytes).digest('hex'),
        tempAbs: joinOs(parentAbs(target.absPath), Buffer.from(`.steward-creating-${shortId(actionId)}`)),
        refSeq: null,
      },
    ]);
    if (!step) throw new Error('The journal did not record the step.');
    await this.run(ticket, 'files.create', [step], bytes);
    return this.outcome(actionId, 'execute');
  }

  /** Moves entries to the system Trash (files.trash). Nothing is deleted permanently. */
  async trash(ticket: BoundTicket, actionId: string, entries: readonly EntryRef[]): Promise<WriteOutcome> {
    if (this.deps.journal.steps(actionId, 'execute').length > 0) return this.resume(actionId, 'execute');
    if (entries.length === 0) throw new ApiError('invalid_input', 'There is nothing to move to the Trash.');
    const planned: PlannedStep[] = [];
    for (const entry of entries) {
      const source = await this.deps.resolver.entry(entry.rootId, rawOfKey(entry.path));
      planned.push({
        op: 'trash',
        fromRoot: source.rootId,
        fromRel: source.relPath,
        fromAbs: source.absPath,
        toRoot: null,
        toRel: null,
        toAbs: null,
        dev: source.stats.dev.toString(),
        ino: source.stats.ino.toString(),
        size: Number(source.stats.size),
        hash: null,
        tempAbs: null,
        refSeq: null,
      });
    }
    const steps = this.deps.journal.plan(actionId, 'execute', planned);
    await this.run(ticket, 'files.trash', steps);
    return this.outcome(actionId, 'execute');
  }

  /**
   * Reverses what an action did, as far as it still can: moved entries go back (never over
   * something that appeared at the old place since), folders it created go if empty, trashed
   * entries come back from the Trash, a file it created goes to the Trash if unchanged. A
   * second call finishes what the first could not (after the user cleared the way), and
   * reports "already undone" when there is nothing left.
   */
  async undo(ticket: BoundTicket, capability: FileCapabilityId, actionId: string): Promise<WriteOutcome> {
    await this.recoverAction(actionId, 'undo');
    const executed = this.deps.journal.steps(actionId, 'execute').filter((step) => step.state === 'done');
    if (executed.length === 0) throw new ApiError('not_found', 'Steward has no record of changing anything for this action, so there is nothing to undo.');
    const undone = new Set(
      this.deps.journal
        .steps(actionId, 'undo')
        .filter((step) => step.state === 'done')
        .map((step) => step.refSeq),
    );
    const remaining = executed.filter((step) => !undone.has(step.seq)).reverse();
    if (remaining.length === 0) return this.outcome(actionId, 'undo');
    const steps = this.deps.journal.plan(actionId, 'undo', remaining.map((step) => reverseOf(step)));
    await this.run(ticket, capability, steps);
    return this.outcome(actionId, 'undo');
  }

  /**
   * After a crash: looks at every step the journal says had started, and finishes or reverts
   * it so that each file is in exactly one place. Steps that had not started are marked as not
   * done (the engine does not continue an approved action by itself after a crash). Returns
   * what each cut-short action did, for the record and for undo.
   */
  async recover(): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = [];
    for (const { actionId, purpose } of this.deps.journal.unfinished()) {
      await this.recoverAction(actionId, purpose);
      outcomes.push(this.outcome(actionId, purpose));
    }
    return outcomes;
  }

  /** What the journal says an action did (for reconcile after a restart). Null when it has no record. */
  outcomeOf(actionId: string, purpose: JournalPurpose = 'execute'): WriteOutcome | null {
    return this.deps.journal.steps(actionId, purpose).length > 0 ? this.outcome(actionId, purpose) : null;
  }

  private async resume(actionId: string, purpose: JournalPurpose): Promise<WriteOutcome> {
    await this.recoverAction(actionId, purpose);
    return this.outcome(actionId, purpose);
  }

  /** Runs planned steps in order; the ticket is checked right before each change. */
  private async run(ticket: BoundTicket, capability: FileCapabilityId, steps: readonly JournalStep[], content?: Buffer): Promise<void> {
    const failedFolders = new Set<string>();
    for (const [i, step] of steps.entries()) {
      if (ticket.signal.aborted) {
        for (const rest of steps.slice(i)) this.deps.journal.mark(rest, 'failed', { note: STOPPED });
        return;
      }
      if (step.toAbs && [...failedFolders].some((folder) => step.toAbs?.toString('latin1').startsWith(`${folder}/`))) {
        this.deps.journal.mark(step, 'failed', { note: 'Its destination folder could not be created.' });
        continue;
      }
      try {
        await this.perform(ticket, capability, step, content);
      } catch (error) {
        if (error instanceof TicketRefused) {
          const paused = error.refusal instanceof ApiError && error.refusal.code === 'paused';
          for (const rest of steps.slice(i)) this.deps.journal.mark(rest, 'failed', { note: paused ? STOPPED : error.message });
          return;
        }
        if (step.op === 'mkdir' && step.toAbs) failedFolders.add(step.toAbs.toString('latin1'));
        this.deps.journal.mark(step, 'failed', { note: this.reasonOf(error) });
      }
    }
  }

  private async perform(ticket: BoundTicket, capability: FileCapabilityId, step: JournalStep, content?: Buffer): Promise<void> {
    const journal = this.deps.journal;
    const assertTicket = () => {
      try {
        assertFileTicket(ticket, capability, this.deps.accountId);
      } catch (refusal) {
        throw new TicketRefused(refusal);
      }
    };
    switch (step.op) {
      case 'mkdir': {
        const target = await this.recheckNew(step);
        assertTicket();
        journal.mark(step, 'started');
        try {
          await mkdir(target);
          journal.mark(step, 'done');
        } catch (error) {
          if (codeOf(error) !== 'EEXIST' || !(await lstat(target)).isDirectory()) throw error;
          journal.mark(step, 'done', { note: 'existed' });
        }
        return;
      }
      case 'restore': {
        if (!step.fromAbs) throw new Error('Steward could not tell where the Trash put it: restore it from the Trash yourself.');
        const to = await this.recheckNew(step);
        const inTrash = await lstat(step.fromAbs, { bigint: true }).catch(() => null);
        if (!inTrash || inTrash.dev.toString() !== step.dev || inTrash.ino.toString() !== step.ino) {
          throw new Error('It is no longer in the Trash (was the Trash emptied, or the file restored already?).');
        }
        if (await exists(to)) throw new DestinationTakenError(to.toString());
        assertTicket();
        journal.mark(step, 'started');
        const reason = await restoreFromTrash({ filesPath: step.fromAbs.toString(), infoPath: step.tempAbs?.toString() ?? null }, { dev: step.dev ?? '', ino: step.ino ?? '' }, to);
        if (reason) throw new Error(reason);
        journal.mark(step, 'done');
        return;
      }
      case 'move': {
        const from = await this.recheckEntry(step);
        const to = await this.recheckNew(step);
        const current = await lstat(from, { bigint: true });
        if (current.dev.toString() !== step.dev || current.ino.toString() !== step.ino) {
          throw new Error('It was replaced by another file since the plan was made, so Steward left it alone.');
        }
        if (await exists(to)) throw new DestinationTakenError(to.toString());
        assertTicket();
        journal.mark(step, 'started');
        try {
          await moveNoReplace(from, to, entryTypeOf(current));
          journal.mark(step, 'done');
        } catch (error) {
          if (!(error instanceof CrossDeviceError)) throw error;
          if (!current.isFile()) throw new Error('Steward does not move a folder or a link to another drive; move the files inside it instead.', { cause: error });
          const temp = step.tempAbs ?? joinOs(parentAbs(to), Buffer.from(`.steward-moving-${shortId(step.actionId)}-${step.seq}`));
          const hash = await hashFile(from);
          journal.mark(step, 'started', { hash, tempAbs: temp });
          await copyAcross(from, to, temp, hash);
          const copy = await lstat(to, { bigint: true });
          journal.mark(step, 'done', { dev: copy.dev.toString(), ino: copy.ino.toString() });
        }
        return;
      }
      case 'rmdir': {
        if (!step.fromAbs) return;
        assertTicket();
        journal.mark(step, 'started');
        try {
          await rmdir(step.fromAbs);
          journal.mark(step, 'done');
        } catch (error) {
          // Gone already is as good as removed; not empty stays, and a later undo tries again.
          if (codeOf(error) === 'ENOENT') journal.mark(step, 'done', { note: 'already gone' });
          else journal.mark(step, 'failed', { note: 'kept: not empty' });
        }
        return;
      }
      case 'create': {
        if (!content || !step.toAbs || !step.tempAbs) throw new Error('Nothing to write.');
        const target = await this.recheckNew(step);
        if (await exists(target)) throw new DestinationTakenError(target.toString());
        assertTicket();
        journal.mark(step, 'started');
        const handle = await open(step.tempAbs, 'wx', 0o644);
        try {
          await handle.writeFile(content);
          await handle.sync();
        } finally {
          await handle.close();
        }
        try {
          await link(step.tempAbs, target);
        } catch (error) {
          await unlink(step.tempAbs);
          if (codeOf(error) === 'EEXIST') throw new DestinationTakenError(target.toString());
          throw error;
        }
        await unlink(step.tempAbs);
        const made = await lstat(target, { bigint: true });
        journal.mark(step, 'done', { dev: made.dev.toString(), ino: made.ino.toString() });
        return;
      }
      case 'trash': {
        const from = await this.recheckEntry(step);
        const current = await lstat(from, { bigint: true });
        if (current.dev.toString() !== step.dev || current.ino.toString() !== step.ino) {
          throw new Error(step.purpose === 'undo' ? 'It was changed after Steward created it, so Steward leaves it.' : 'It was replaced by another file since the plan was made, so Steward left it alone.');
        }
        if (step.purpose === 'undo' && step.hash && (await hashFile(from)) !== step.hash) {
          throw new Error('It was changed after Steward created it, so Steward leaves it.');
        }
        assertTicket();
        journal.mark(step, 'started');
        await moveToTrash(from);
        const found = await locateInTrash(from.toString(), { dev: step.dev ?? '', ino: step.ino ?? '' });
        journal.mark(step, 'done', found ? { toAbs: Buffer.from(found.filesPath), tempAbs: found.infoPath ? Buffer.from(found.infoPath) : null } : { note: 'In the Trash, but Steward could not tell where: restore it from the Trash yourself.' });
        return;
      }
    }
  }

  /** Finishes or reverts the started steps of one action, and marks the unstarted ones as not done. */
  private async recoverAction(actionId: string, purpose: JournalPurpose): Promise<void> {
    const journal = this.deps.journal;
    for (const step of journal.steps(actionId, purpose)) {
      if (step.state === 'planned') {
        journal.mark(step, 'failed', { note: STOPPED });
        continue;
      }
      if (step.state !== 'started') continue;
      try {
        await this.recoverStep(step);
      } catch (error) {
        journal.mark(step, 'failed', { note: `Steward could not tell whether this finished: ${this.reasonOf(error)} Look at the file yourself.` });
      }
    }
  }

  private async recoverStep(step: JournalStep): Promise<void> {
    const journal = this.deps.journal;
    const statOf = (path: Buffer | null) => (path ? lstat(path, { bigint: true }).catch(() => null) : Promise.resolve(null));
    switch (step.op) {
      case 'mkdir': {
        const made = await statOf(step.toAbs);
        journal.mark(step, made?.isDirectory() ? 'done' : 'failed', made?.isDirectory() ? {} : { note: STOPPED });
        return;
      }
      case 'rmdir': {
        journal.mark(step, 'done', { note: (await statOf(step.fromAbs)) ? 'kept' : undefined });
        return;
      }
      case 'create': {
        const [temp, made] = await Promise.all([statOf(step.tempAbs), statOf(step.toAbs)]);
        const complete = made !== null && step.toAbs !== null && (await hashFile(step.toAbs)) === step.hash;
        // The temporary file is Steward's own half-written copy: clearing it loses nothing of the user's.
        if (temp && step.tempAbs) await unlink(step.tempAbs);
        if (complete && made) journal.mark(step, 'done', { dev: made.dev.toString(), ino: made.ino.toString() });
        else journal.mark(step, 'failed', { note: STOPPED });
        return;
      }
      case 'trash': {
        const here = await statOf(step.fromAbs);
        if (here && here.dev.toString() === step.dev && here.ino.toString() === step.ino) {
          journal.mark(step, 'failed', { note: STOPPED });
          return;
        }
        const found = step.fromAbs ? await locateInTrash(step.fromAbs.toString(), { dev: step.dev ?? '', ino: step.ino ?? '' }) : null;
        if (found) journal.mark(step, 'done', { toAbs: Buffer.from(found.filesPath), tempAbs: found.infoPath ? Buffer.from(found.infoPath) : null });
        else journal.mark(step, 'failed', { note: 'It is neither where it was nor in the Trash: something else moved it.' });
        return;
      }
      case 'move':
      case 'restore': {
        const [from, to] = await Promise.all([statOf(step.fromAbs), statOf(step.toAbs)]);
        const temp = await statOf(step.tempAbs);
        const sameAs = (stats: typeof from) => stats !== null && stats.dev.toString() === step.dev && stats.ino.toString() === step.ino;
        if (from && to && from.dev === to.dev && from.ino === to.ino && step.fromAbs) {
          // Cut between link and unlink: two names of one file. Dropping the old name finishes the move.
          await unlink(step.fromAbs);
          if (step.op === 'restore' && step.tempAbs) await unlink(step.tempAbs).catch(() => undefined);
          journal.mark(step, 'done');
        } else if (from && to && step.hash && step.fromAbs && step.toAbs && (await hashFile(step.toAbs)) === step.hash && (await hashFile(step.fromAbs)) === step.hash) {
          // A copy between drives was complete and in place: finish by unlinking the original.
          await unlink(step.fromAbs);
          journal.mark(step, 'done', { dev: to.dev.toString(), ino: to.ino.toString() });
        } else if (!from && to && (sameAs(to) || (step.hash !== null && step.toAbs !== null && (await hashFile(step.toAbs)) === step.hash))) {
          if (step.op === 'restore' && step.tempAbs) await unlink(step.tempAbs).catch(() => undefined);
          journal.mark(step, 'done', { dev: to.dev.toString(), ino: to.ino.toString() });
        } else if (from && sameAs(from)) {
          journal.mark(step, 'failed', { note: STOPPED });
        } else {
          journal.mark(step, 'failed', { note: 'It is no longer where it was, nor where it was going: something else moved it.' });
        }
        // A half-made copy between drives is Steward's own: clear it (the original is intact).
        if (temp && step.tempAbs && step.op === 'move') await unlink(step.tempAbs).catch(() => undefined);
        return;
      }
    }
  }

  /** The destination folder of a move, planning the creation of missing folders when allowed. */
  private async destinationFolder(ref: EntryRef, create: boolean, folderSteps: Map<string, PlannedStep>): Promise<{ rootId: string; relPath: Buffer; absPath: Buffer }> {
    const parts = splitRaw(rawOfKey(ref.path)).filter((part) => part.length > 0);
    try {
      return await this.deps.resolver.folder(ref.rootId, parts);
    } catch (error) {
      if (!create) throw error;
    }
    // Find the deepest folder that exists, then plan the rest one level at a time.
    let existing = 0;
    let base = await this.deps.resolver.folder(ref.rootId, []);
    for (let depth = parts.length - 1; depth >= 0; depth--) {
      try {
        base = await this.deps.resolver.folder(ref.rootId, parts.slice(0, depth));
        existing = depth;
        break;
      } catch {
        continue;
      }
    }
    let current = base;
    for (const part of parts.slice(existing)) {
      const next = await this.deps.resolver.newEntry(current.rootId, current.relPath, part).catch((error: unknown) => {
        throw error instanceof ScopeError ? error : new ScopeError(this.reasonOf(error));
      });
      const key = next.absPath.toString('latin1');
      if (!folderSteps.has(key)) {
        if (await exists(next.absPath)) throw new ApiError('conflict', `${this.describe({ rootId: next.rootId, path: keyOfRaw(next.relPath) })} exists and is not a folder.`);
        folderSteps.set(key, {
          op: 'mkdir',
          fromRoot: null,
          fromRel: null,
          fromAbs: null,
          toRoot: next.rootId,
          toRel: next.relPath,
          toAbs: next.absPath,
          dev: null,
          ino: null,
          size: null,
          hash: null,
          tempAbs: null,
          refSeq: null,
        });
      }
      current = { rootId: next.rootId, relPath: next.relPath, absPath: next.absPath, stats: current.stats };
    }
    return current;
  }

  /** A new entry's place, checked again right before the write: still inside, still the same real path. */
  private async recheckNew(step: JournalStep): Promise<Buffer> {
    if (!step.toRoot || !step.toRel || !step.toAbs) throw new Error('The journal step has no destination.');
    const again = await this.deps.resolver.newEntry(step.toRoot, parentOfRaw(step.toRel), baseNameOfRaw(step.toRel));
    if (!again.absPath.equals(step.toAbs)) throw new ScopeError('The destination folder changed (a link was changed?) since the plan was made, so Steward stopped.');
    return again.absPath;
  }

  private async recheckEntry(step: JournalStep): Promise<Buffer> {
    if (!step.fromRoot || !step.fromRel || !step.fromAbs) throw new Error('The journal step has no source.');
    const again = await this.deps.resolver.entry(step.fromRoot, step.fromRel);
    if (!again.absPath.equals(step.fromAbs)) throw new ScopeError('Its folder changed (a link was changed?) since the plan was made, so Steward stopped.');
    return again.absPath;
  }

  private outcome(actionId: string, purpose: JournalPurpose): WriteOutcome {
    const all = this.deps.journal.steps(actionId, purpose);
    // An undo may take several attempts: what counts for each step undone is its latest attempt.
    const latest = new Map<number, JournalStep>();
    for (const step of all) latest.set(purpose === 'undo' ? (step.refSeq ?? -1 - step.seq) : step.seq, step);
    const steps = [...latest.values()];
    // Folder bookkeeping (mkdir, rmdir) is not news to the user; the files are.
    const visible = steps.filter((step) => step.op !== 'mkdir' && step.op !== 'rmdir');
    const report = (step: JournalStep): StepReport => ({
      op: step.op,
      from: step.fromRoot && step.fromRel ? { rootId: step.fromRoot, path: keyOfRaw(step.fromRel) } : null,
      to: step.toRoot && step.toRel ? { rootId: step.toRoot, path: keyOfRaw(step.toRel) } : null,
    });
    const done = visible.filter((step) => step.state === 'done').map(report);
    const notDone = visible.filter((step) => step.state !== 'done').map((step) => ({ ...report(step), reason: step.note ?? STOPPED }));
    return { actionId, done, notDone, summary: this.summarize(visible, purpose) };
  }

  private summarize(steps: readonly JournalStep[], purpose: JournalPurpose): string {
    const done = steps.filter((step) => step.state === 'done');
    const failed = steps.filter((step) => step.state !== 'done');
    const op = steps[0]?.op ?? 'move';
    const files = (n: number) => `${n} ${n === 1 ? 'file' : 'files'}`;
    const verb =
      purpose === 'undo'
        ? op === 'restore'
          ? 'Put back from the Trash'
          : op === 'trash'
            ? 'Moved to the Trash (undoing its creation)'
            : 'Moved back'
        : op === 'trash'
          ? 'Moved to the Trash'
          : op === 'create'
            ? 'Created'
            : 'Moved';
    const first = done[0] ?? steps[0];
    const where = first?.op === 'move' && first.toRoot && first.toRel && purpose === 'execute' ? ` to ${this.describe({ rootId: first.toRoot, path: keyOfRaw(parentOfRaw(first.toRel)) })}` : '';
    if (op === 'create' && first?.toRoot && first.toRel && failed.length === 0) return `Created ${this.describe({ rootId: first.toRoot, path: keyOfRaw(first.toRel) })}`;
    const head = failed.length === 0 ? `${verb} ${files(done.length)}${where}` : `${verb} ${done.length} of ${files(steps.length)}${where}`;
    if (failed.length === 0) return head;
    const reasons = failed.slice(0, 3).map((step) => `${this.nameOf(step)}: ${step.note ?? STOPPED}`);
    return `${head}. Not done: ${reasons.join(' ')}${failed.length > 3 ? ` (and ${failed.length - 3} more)` : ''}`;
  }

  private nameOf(step: JournalStep): string {
    const rel = step.fromRel ?? step.toRel;
    return rel ? displayOfRaw(baseNameOfRaw(rel)) : 'a file';
  }

  private describe(ref: EntryRef): string {
    const name = this.deps.rootName(ref.rootId);
    const shown = displayOfRaw(rawOfKey(ref.path));
    return shown === '' ? name : `${name}/${shown}`;
  }

  private reasonOf(error: unknown): string {
    if (error instanceof DestinationTakenError) return 'Something now exists at its destination; Steward never overwrites.';
    if (error instanceof ApiError || error instanceof ScopeError) return error.message;
    if (codeOf(error)) return describeFsError(error);
    return error instanceof Error ? error.message : String(error);
  }
}

/** The step that reverses an executed one. */
function reverseOf(step: JournalStep): PlannedStep {
  const base = { dev: step.dev, ino: step.ino, size: step.size, hash: step.hash, refSeq: step.seq };
  switch (step.op) {
    case 'move':
      // A copy back between drives gets its temporary name beside the old place when it starts.
      return { ...base, op: 'move', fromRoot: step.toRoot, fromRel: step.toRel, fromAbs: step.toAbs, toRoot: step.fromRoot, toRel: step.fromRel, toAbs: step.fromAbs, tempAbs: null };
    case 'mkdir':
      return { ...base, op: 'rmdir', fromRoot: step.toRoot, fromRel: step.toRel, fromAbs: step.note === 'existed' ? null : step.toAbs, toRoot: null, toRel: null, toAbs: null, tempAbs: null };
    case 'trash':
      // Where the Trash put it (to_abs) back to where it was; temp_abs carries the .trashinfo.
      return { ...base, op: 'restore', fromRoot: null, fromRel: null, fromAbs: step.toAbs, toRoot: step.fromRoot, toRel: step.fromRel, toAbs: step.fromAbs, tempAbs: step.tempAbs };
    case 'create':
      return { ...base, op: 'trash', fromRoot: step.toRoot, fromRel: step.toRel, fromAbs: step.toAbs, toRoot: null, toRel: null, toAbs: null, tempAbs: null };
    default:
      throw new Error(`A ${step.op} step cannot be undone.`);
  }
}

function parentAbs(abs: Buffer): Buffer {
  const sep = process.platform === 'win32' ? 0x5c : 0x2f;
  const at = abs.lastIndexOf(sep);
  return at <= 0 ? abs.subarray(0, 1) : abs.subarray(0, at);
}

function shortId(actionId: string): string {
  return createHash('sha256').update(actionId).digest('hex').slice(0, 12);
}

function isSameOrBelow(folder: Buffer, candidate: Buffer): boolean {
  if (!candidate.subarray(0, folder.length).equals(folder)) return false;
  return candidate.length === folder.length || candidate[folder.length] === 0x2f || candidate[folder.length] === 0x5c;
}
