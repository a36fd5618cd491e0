import { describe, expect, it } from 'vitest';
import type { Action } from '@shared/domain/types.js';
import { joinGrowthSteps } from './joined-steps.js';

function move(id: string, dates: readonly string[], over: Partial<Action> = {}, to = 'Archive'): Action {
  return {
    id,
    suggestionId: 's',
    capability: 'email.archive',
    risk: 'reversible',
    app: 'imap',
    accountId: 'a',
    title: `Move ${dates.length} message${dates.length === 1 ? '' : 's'} from INBOX to ${to}`,
    preview: { kind: 'move', fromMailbox: 'INBOX', toMailbox: to, messages: dates.map((date) => ({ from: 'The Weekly', subject: `Issue of ${date}`, date })) },
    status: 'proposed',
    decision: 'ask',
    error: null,
    result: null,
    executedAt: null,
    undoneAt: null,
    canUndo: false,
    outbox: null,
    ...over,
  };
}

describe('the steps of a card that grew, as the card shows them', () => {
  it('shows consecutive moves between the same folders as one, with the total and the newest first', () => {
    const steps = [move('1', ['2026-11-03', '2026-11-02']), move('2', ['2026-11-01']), move('3', ['2026-11-04'])];
    const [one, ...rest] = joinGrowthSteps(steps, 2);
    expect(rest).toEqual([]);
    expect(one?.id).toBe('1');
    expect(one?.title).toBe('Move 4 messages from INBOX to Archive');
    expect(one?.preview).toEqual({
      kind: 'move',
      fromMailbox: 'INBOX',
      toMailbox: 'Archive',
      messages: [
        { from: 'The Weekly', subject: 'Issue of 2026-11-04', date: '2026-11-04' },
        { from: 'The Weekly', subject: 'Issue of 2026-11-03', date: '2026-11-03' },
      ],
      messageCount: 4,
    });
    const [all] = joinGrowthSteps(steps, null);
    expect(all?.preview.kind === 'move' ? all.preview.messages.map((m) => m.date) : []).toEqual(['2026-11-04', '2026-11-03', '2026-11-02', '2026-11-01']);
  });

  it('keeps apart steps that started, that go elsewhere, or that the gate decided differently', () => {
    const steps = [
      move('1', ['2026-11-03']),
      move('2', ['2026-11-02'], { status: 'done' }),
      move('3', ['2026-11-01']),
      move('4', ['2026-11-01'], {}, 'Lists'),
      move('5', ['2026-11-01'], { decision: 'allow' }),
      move('6', ['2026-11-01'], { decision: 'allow' }),
    ];
    expect(joinGrowthSteps(steps, 50).map((step) => step.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(joinGrowthSteps(steps, 50).at(-1)?.title).toBe('Move 2 messages from INBOX to Archive');
    expect(joinGrowthSteps([], 50)).toEqual([]);
  });
});
