import { describe, expect, it } from 'vitest';
import { browserDecision } from './open-browser.js';

describe('browserDecision', () => {
  it.each<{ name: string; env: Record<string, string>; platform: NodeJS.Platform; asked: boolean; open: boolean; why?: RegExp }>([
    { name: 'a Linux desktop (X11)', env: { DISPLAY: ':0' }, platform: 'linux', asked: true, open: true },
    { name: 'a Linux desktop (Wayland)', env: { WAYLAND_DISPLAY: 'wayland-0' }, platform: 'linux', asked: true, open: true },
    { name: 'a headless Linux server', env: {}, platform: 'linux', asked: true, open: false, why: /no display/ },
    { name: 'over SSH, even with X forwarding', env: { DISPLAY: 'localhost:10.0', SSH_CONNECTION: '10.0.0.2 5555 10.0.0.1 22' }, platform: 'linux', asked: true, open: false, why: /SSH/ },
    { name: 'a Mac', env: {}, platform: 'darwin', asked: true, open: true },
    { name: 'Windows', env: {}, platform: 'win32', asked: true, open: true },
    { name: '--no-browser', env: { DISPLAY: ':0' }, platform: 'linux', asked: false, open: false, why: /--no-browser/ },
  ])('$name', ({ env, platform, asked, open, why }) => {
    const decision = browserDecision(env, platform, asked);
    expect(decision.open).toBe(open);
    if (!decision.open && why) expect(decision.why).toMatch(why);
  });
});
