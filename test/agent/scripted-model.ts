// A model for the stand-in that does each job the way a sensible model would, from what the
// request itself says (which tools it offers, which data blocks it carries), so a test can run
// the whole agent without scripting every call: triage gives a verdict per message (a question
// mark, or a need or a please, means it needs a reply), draft_reply proposes a short reply, digests and briefs write a
// few lines, a review finds nothing to do. After a tool's result comes back it ends its turn.
import type { StandinReply, StandinRequest, StandinScript } from '../servers/model-standin.js';
import { textReply, toolUseReply } from '../servers/model-standin.js';

export interface ScriptedModelOptions {
  /** The body of every reply draft (default: a short acceptance). */
  readonly draftBody?: (item: DataBlock) => string;
  /** Overrides per job, by the first tool's name (report_triage, email_draft…). */
  readonly override?: (request: StandinRequest, blocks: readonly DataBlock[]) => StandinReply | null;
}

export interface DataBlock {
  readonly id: string;
  readonly kind: string;
  readonly fields: Readonly<Record<string, string>>;
  readonly body: string;
}

interface Message {
  readonly role: string;
  readonly content: unknown;
}

export function scriptedModel(options: ScriptedModelOptions = {}): StandinScript {
  return (request) => {
    const body = request.body ?? {};
    const messages = (body.messages ?? []) as Message[];
    const tools = ((body.tools ?? []) as { name: string }[]).map((tool) => tool.name);
    const first = textOf(messages[0]);
    const blocks = dataBlocks(first);
    const overridden = options.override?.(request, blocks);
    if (overridden) return overridden;
    const last = messages.at(-1);
    // A tool's answer came back: the job is done.
    if (last && Array.isArray(last.content) && (last.content as { type: string }[]).some((block) => block.type === 'tool_result')) {
      return textReply(tools.includes('email_draft') ? 'I proposed a short reply.' : 'Done.');
    }
    if (tools.includes('report_triage')) {
      const verdicts = blocks
        .filter((block) => block.kind === 'mail')
        .map((block) => {
          const asks = block.body.includes('?') || /\b(need|please)\b/i.test(block.body);
          return {
            messageId: block.id,
            category: asks ? 'request' : 'conversation',
            urgency: 'normal',
            needsUser: asks,
            needsReply: asks,
            summary: `${block.fields.from?.split('<')[0]?.trim() || 'Someone'} wrote about ${block.fields.subject ?? 'something'}.`.slice(0, 190),
            suspicious: false,
          };
        });
      return toolUseReply('report_triage', { verdicts });
    }
    if (tools.includes('email_draft') && !tools.includes('calendar_list_events')) {
      const id = /message (\S+?),/.exec(first)?.[1] ?? blocks.find((block) => !block.fields['your earlier mail'])?.id ?? '';
      const target = blocks.find((block) => block.id === id);
      const address = /<([^>]+)>/.exec(target?.fields.from ?? '')?.[1] ?? target?.fields.from ?? 'someone@example.test';
      const subject = target?.fields.subject ?? '';
      return toolUseReply('email_draft', {
        inReplyTo: id,
        to: [address],
        subject: subject.toLowerCase().startsWith('re:') ? subject : `Re: ${subject}`,
        body: options.draftBody?.(target ?? { id, kind: 'mail', fields: {}, body: '' }) ?? 'Hi,\n\nYes, that works for me. I will send it by Friday.\n\nBest,\nAlice',
        reason: 'They asked a direct question and are waiting for your answer.',
      });
    }
    // Digest, brief, meeting brief, review: a few lines.
    if (first.includes('Write the digest')) return textReply('- A question about the Q3 contract waits for your answer.\n- Nothing else needs you.');
    if (first.includes('morning brief')) return textReply('- No meetings today.\n- One question waits for your answer.');
    if (first.includes('Write the brief')) return textReply('- You last wrote to them last week.\n- Bring up the contract.');
    return textReply('Nothing to do.');
  };
}

function textOf(message: Message | undefined): string {
  if (!message) return '';
  if (typeof message.content === 'string') return message.content;
  if (Array.isArray(message.content)) return (message.content as { type: string; text?: string }[]).map((block) => block.text ?? '').join('\n');
  return '';
}

/** The data blocks of a prompt, as the model would read them. */
export function dataBlocks(text: string): DataBlock[] {
  const blocks: DataBlock[] = [];
  const pattern = /<data-([0-9a-f]+) id="([^"]*)" kind="([^"]*)">\n([\s\S]*?)\n<\/data-\1>/g;
  for (const match of text.matchAll(pattern)) {
    const [, , id = '', kind = '', inner = ''] = match;
    const split = inner.indexOf('\n\n');
    const head = split < 0 ? inner : inner.slice(0, split);
    const fields = Object.fromEntries(
      head
        .split('\n')
        .map((line) => line.split(/:\s(.*)/s))
        .filter((parts) => parts.length >= 2)
        .map(([name = '', value = '']) => [name, value]),
    );
    blocks.push({ id, kind, fields, body: split < 0 ? '' : inner.slice(split + 2) });
  }
  return blocks;
}
