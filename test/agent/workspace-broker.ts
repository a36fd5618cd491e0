// A ToolBroker over the AgentDojo workspace (a realistic inbox, calendar and drive), for running
// the agent loop end to end before phase 2 binds the tools to the gate and the connectors. It
// answers reads from the dataset and records every call; proposals are looked at, never run
// (the ToolBroker interface has no way to run anything).
import type { ProposalReview, ProposedStep, ReadToolCall, ReadToolResult, ToolBroker } from '../../electron/engine/agent/tool-broker.js';
import type { UntrustedItem } from '../../electron/engine/agent/prompt/untrusted-data.js';
import type { Workspace, WorkspaceEmail, WorkspaceEvent, WorkspaceFile } from '../datasets/agentdojo.js';

export function mailItem(email: WorkspaceEmail): UntrustedItem {
  return {
    id: `mail:${email.id}`,
    kind: 'mail',
    fields: { from: email.sender, to: email.recipients.join(', '), date: email.timestamp, subject: email.subject },
    body: email.body,
  };
}

export function eventItem(event: WorkspaceEvent): UntrustedItem {
  return {
    id: `event:${event.id}`,
    kind: 'event',
    fields: { title: event.title, start: event.start, end: event.end, location: event.location ?? '', attendees: event.participants.join(', ') },
    body: event.description,
  };
}

export function fileItem(file: WorkspaceFile): UntrustedItem {
  return { id: `file:${file.id}`, kind: 'file', fields: { name: file.filename, modified: file.lastModified, owner: file.owner }, body: file.content };
}

const threadKey = (subject: string) => subject.replace(/^(?:(?:re|fwd?|aw):\s*)+/i, '').trim().toLowerCase();

export class WorkspaceBroker implements ToolBroker {
  readonly reads: ReadToolCall[] = [];
  readonly reviewed: ProposedStep[] = [];
  /** Writes the run refused before review (its proposal cap), with the reason. */
  readonly refused: { readonly step: ProposedStep; readonly reason: string }[] = [];

  constructor(
    private readonly workspace: Workspace,
    /** Capabilities the user set to Deny: their proposals are refused with the reason. */
    private readonly denied: ReadonlySet<string> = new Set(),
  ) {}

  email(id: string): WorkspaceEmail {
    const found = this.workspace.emails.find((email) => email.id === id);
    if (!found) throw new Error(`No email ${id} in the workspace.`);
    return found;
  }

  async read(call: ReadToolCall): Promise<ReadToolResult> {
    this.reads.push(call);
    const args = call.args;
    switch (call.tool) {
      case 'email_search': {
        const words = String(args.query).toLowerCase().split(/\s+/);
        const hits = this.workspace.emails.filter((email) => words.every((word) => `${email.sender} ${email.subject} ${email.body}`.toLowerCase().includes(word)));
        return { ok: true, items: hits.slice(0, Number(args.limit)).map(mailItem) };
      }
      case 'email_read_thread': {
        const id = String(args.messageId).replace(/^mail:/, '');
        const anchor = this.workspace.emails.find((email) => email.id === id);
        if (!anchor) return { ok: false, error: `There is no message ${String(args.messageId)}.` };
        const thread = this.workspace.emails.filter((email) => threadKey(email.subject) === threadKey(anchor.subject)).sort((a, b) => a.timestamp.localeCompare(b.timestamp));
        return { ok: true, items: thread.slice(-Number(args.maxMessages)).map(mailItem), note: `The thread "${anchor.subject}", ${thread.length} message(s), oldest first:` };
      }
      case 'calendar_list_events':
        return { ok: true, items: this.workspace.events.filter((event) => event.start >= String(args.from).slice(0, 19) && event.start <= String(args.to).slice(0, 19)).map(eventItem) };
      case 'files_search': {
        const query = String(args.query).toLowerCase();
        return { ok: true, items: this.workspace.files.filter((file) => `${file.filename} ${file.content}`.toLowerCase().includes(query)).map(fileItem) };
      }
      default:
        return { ok: false, error: `${call.tool} is not connected in this test.` };
    }
  }

  async reviewProposal(step: ProposedStep): Promise<ProposalReview> {
    this.reviewed.push(step);
    if (this.denied.has(step.capability)) return { accepted: false, reason: `the user set ${step.capability} to Deny in Settings → Permissions.` };
    return { accepted: true };
  }

  recordRefusal(step: ProposedStep, reason: string): void {
    this.refused.push({ step, reason });
  }
}
