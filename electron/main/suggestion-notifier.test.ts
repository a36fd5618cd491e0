import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../shared/api/events.js';
import { FakeNotification } from './test-support/fake-electron.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const { SuggestionNotifier } = await import('./suggestion-notifier.js');

const created: EngineEvent = {
  type: 'suggestion.created',
  suggestion: { id: 'sug_1', title: 'Reply to Bob about the contract', why: 'Bob asked for an answer by Friday', urgency: 'high', interrupt: true },
};

beforeEach(() => {
  FakeNotification.instances.length = 0;
  FakeNotification.supported = true;
});

describe('SuggestionNotifier', () => {
  it('shows a notification titled with the suggestion, its why as the body', () => {
    const notifier = new SuggestionNotifier({ open: vi.fn() });
    notifier.handle(created);
    const [notification] = FakeNotification.instances;
    expect(notification?.options).toMatchObject({ title: 'Reply to Bob about the contract', body: 'Bob asked for an answer by Friday' });
    expect(notification?.shown).toBe(true);
  });

  it('stays quiet when the engine’s interruption policy says the suggestion can wait', () => {
    const notifier = new SuggestionNotifier({ open: vi.fn() });
    if (created.type !== 'suggestion.created') throw new Error('unreachable');
    notifier.handle({ ...created, suggestion: { ...created.suggestion, urgency: 'low', interrupt: false } });
    expect(FakeNotification.instances).toHaveLength(0);
  });

  it('a click opens the popover', () => {
    const open = vi.fn();
    const notifier = new SuggestionNotifier({ open });
    notifier.handle(created);
    FakeNotification.instances[0]?.click();
    expect(open).toHaveBeenCalledWith('sug_1');
    expect(notifier.pending).toBe(0);
  });

  it('keeps shown notifications referenced until they are clicked or closed', () => {
    const notifier = new SuggestionNotifier({ open: vi.fn() });
    notifier.handle(created);
    notifier.handle(created);
    expect(notifier.pending).toBe(2);
    FakeNotification.instances[0]?.close();
    expect(notifier.pending).toBe(1);
    notifier.closeAll();
    expect(notifier.pending).toBe(0);
  });

  it('ignores other events, and does nothing where notifications are not supported', () => {
    const notifier = new SuggestionNotifier({ open: vi.fn() });
    notifier.handle({ type: 'suggestions.changed' });
    notifier.handle({ type: 'status.changed' });
    expect(FakeNotification.instances).toHaveLength(0);

    FakeNotification.supported = false;
    notifier.handle(created);
    expect(FakeNotification.instances).toHaveLength(0);
  });

  it('never uses critical urgency (it would break through Do Not Disturb on Linux)', () => {
    new SuggestionNotifier({ open: vi.fn() }).handle(created);
    expect(FakeNotification.instances[0]?.options.urgency).toBe('normal');
  });
});
