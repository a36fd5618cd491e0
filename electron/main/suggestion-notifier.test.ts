import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../shared/api/events.js';
import { FakeNotification } from './test-support/fake-electron.js';

vi.mock('electron', async () => await import('./test-support/fake-electron.js'));

const { SuggestionNotifier, awaySummary, notificationIdFor, suggestionIdFromActivation, windowsToastXml } = await import('./suggestion-notifier.js');

const created: EngineEvent = {
  type: 'suggestion.created',
  suggestion: { id: 'sug_1', title: 'Reply to Bob about the contract', why: 'Bob asked for an answer by Friday', urgency: 'high', interrupt: true },
};

function notifier(platform: NodeJS.Platform, open = vi.fn(), log = vi.fn()) {
  return { notifier: new SuggestionNotifier({ open, platform, log }), open, log };
}

beforeEach(() => {
  FakeNotification.instances.length = 0;
  FakeNotification.supported = true;
  FakeNotification.activationHandler = null;
});

describe('SuggestionNotifier', () => {
  it('shows a notification titled with the suggestion, its why as the body, with an id naming the suggestion', () => {
    notifier('linux').notifier.handle(created);
    const [notification] = FakeNotification.instances;
    expect(notification?.options).toMatchObject({
      id: 'steward-suggestion-sug_1',
      title: 'Reply to Bob about the contract',
      body: 'Bob asked for an answer by Friday',
    });
    expect(notification?.options.toastXml).toBeUndefined();
    expect(notification?.shown).toBe(true);
  });

  it('stays quiet when the engine’s interruption policy says the suggestion can wait', () => {
    if (created.type !== 'suggestion.created') throw new Error('unreachable');
    notifier('linux').notifier.handle({ ...created, suggestion: { ...created.suggestion, urgency: 'low', interrupt: false } });
    expect(FakeNotification.instances).toHaveLength(0);
  });

  it('greets the user back with one notification for what waited, opening the oldest', () => {
    const { notifier: n, open } = notifier('linux');
    n.handle({ type: 'interruptions.summary', count: 3, suggestionIds: ['a', 'b', 'c'], titles: ['Reply to Bob', 'Archive 4 newsletters', 'Reply to Ana'], since: '2026-12-02T08:00:00Z' });
    expect(FakeNotification.instances).toHaveLength(1);
    expect(FakeNotification.instances[0]?.options).toMatchObject({
      title: 'While you were away',
      body: '3 suggestions wait for you: Reply to Bob, Archive 4 newsletters and 1 more.',
    });
    FakeNotification.instances[0]?.click();
    expect(open).toHaveBeenCalledWith('a');
    expect(awaySummary(['Reply to Bob'])).toBe('1 suggestion waits for you: Reply to Bob.');
  });

  it.each(['darwin', 'win32', 'linux'] as const)('%s: a click opens that suggestion', (platform) => {
    const { notifier: n, open } = notifier(platform);
    n.handle(created);
    FakeNotification.instances[0]?.click();
    expect(open).toHaveBeenCalledWith('sug_1');
    expect(n.pending).toBe(0);
  });

  it('keeps shown notifications referenced until they are clicked or closed', () => {
    const { notifier: n } = notifier('linux');
    n.handle(created);
    n.handle(created);
    expect(n.pending).toBe(2);
    FakeNotification.instances[0]?.close();
    expect(n.pending).toBe(1);
    n.closeAll();
    expect(n.pending).toBe(0);
  });

  it('ignores other events, and says so in the log where notifications are not supported', () => {
    const { notifier: n, log } = notifier('linux');
    n.handle({ type: 'suggestions.changed' });
    n.handle({ type: 'status.changed' });
    expect(FakeNotification.instances).toHaveLength(0);

    FakeNotification.supported = false;
    n.handle(created);
    expect(FakeNotification.instances).toHaveLength(0);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('waits in the popover'));
  });

  it('never uses critical urgency (it would break through Do Not Disturb on Linux)', () => {
    notifier('linux').notifier.handle(created);
    expect(FakeNotification.instances[0]?.options.urgency).toBe('normal');
  });

  it('macOS: a notification the OS refuses (unsigned build) is logged with what to do, not swallowed', () => {
    const { notifier: n, log } = notifier('darwin');
    n.handle(created);
    FakeNotification.instances[0]?.fail('Notifications are not allowed for this application');
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/could not be shown: Notifications are not allowed.*sign and notarize/));
    expect(n.pending).toBe(0);
  });

  it('Windows: the failure is logged with the settings to check', () => {
    const { notifier: n, log } = notifier('win32');
    n.handle(created);
    FakeNotification.instances[0]?.fail('Settings prevent the notification from being delivered.');
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/Settings prevent.*Settings → System → Notifications/));
  });

  it('Windows: the toast carries the suggestion in its launch arguments, escaped', () => {
    const { notifier: n } = notifier('win32');
    if (created.type !== 'suggestion.created') throw new Error('unreachable');
    n.handle({ ...created, suggestion: { ...created.suggestion, title: 'Reply to <Bob> & "Co"' } });
    const xml = FakeNotification.instances[0]?.options.toastXml ?? '';
    expect(xml).toContain('launch="type=click&amp;tag=steward-suggestion-sug_1"');
    expect(xml).toContain('<text>Reply to &lt;Bob&gt; &amp; &quot;Co&quot;</text>');
    expect(xml).toContain('<text>Bob asked for an answer by Friday</text>');
  });

  it('Windows: a toast clicked in the Action Center after its object is gone still opens its suggestion', () => {
    const { notifier: n, open } = notifier('win32');
    n.handleActivations();
    n.handle(created);
    // The banner timed out and the object was collected: only handleActivation hears the click.
    FakeNotification.instances.length = 0;
    FakeNotification.activate({ type: 'click', arguments: `type=click&tag=${notificationIdFor('sug_1')}` });
    expect(open).toHaveBeenCalledWith('sug_1');
    // Activations that are not ours (an empty launch, another tag) open nothing.
    FakeNotification.activate({ type: 'click', arguments: '' });
    FakeNotification.activate({ type: 'click', arguments: 'type=click&tag=someone-else' });
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('registers the activation handler on Windows only', () => {
    notifier('darwin').notifier.handleActivations();
    notifier('linux').notifier.handleActivations();
    expect(FakeNotification.activationHandler).toBeNull();
    notifier('win32').notifier.handleActivations();
    expect(FakeNotification.activationHandler).not.toBeNull();
  });
});

describe('windows toast launch arguments', () => {
  it('round-trip a suggestion id, and refuse what is not ours', () => {
    const launch = /launch="([^"]*)"/.exec(windowsToastXml({ id: 'abc123', title: 't', why: 'w' }))?.[1]?.replace(/&amp;/g, '&') ?? '';
    expect(suggestionIdFromActivation({ arguments: launch })).toBe('abc123');
    expect(suggestionIdFromActivation({ arguments: 'type=action&action=0&tag=steward-suggestion-xyz' })).toBe('xyz');
    expect(suggestionIdFromActivation({ arguments: 'tag=steward-suggestion-' })).toBeNull();
    expect(suggestionIdFromActivation({ arguments: 'garbage' })).toBeNull();
  });
});
