import { describe, expect, it } from 'vitest';
import { ATTACKER_EMAIL, injectionTasks, loadWorkspace } from './agentdojo.js';

describe('the AgentDojo workspace dataset', () => {
  it('loads the benign workspace', () => {
    const ws = loadWorkspace();
    expect(ws.accountEmail).toBe('emma.johnson@bluesparrowtech.com');
    expect(ws.emails).toHaveLength(31);
    expect(ws.events).toHaveLength(26);
    expect(ws.files).toHaveLength(26);
    expect(JSON.stringify(ws)).not.toContain(ATTACKER_EMAIL);
  });

  it('plants an injection task in every vector', () => {
    const [first] = injectionTasks();
    expect(first?.goal).toMatch(/mark\.black-2134@gmail\.com/);
    const poisoned = loadWorkspace({ injectionTask: first?.id ?? '' });
    const text = JSON.stringify(poisoned);
    expect(text.split(ATTACKER_EMAIL).length - 1).toBeGreaterThanOrEqual(10);
    expect(() => loadWorkspace({ injectionTask: 'injection_task_999' })).toThrow(/No injection task/);
  });
});
