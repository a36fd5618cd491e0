import { describe, expect, it } from 'vitest';
import type { FolderCursor } from './folder-cursor.js';
import { rebaseHistory, reachesFurther, windowChanged, windowDays } from './history-window.js';

const read: FolderCursor = { uidValidity: '7', lastUid: 500, takenFrom: 300, exists: 201, uidNext: 501, window: 30, history: null };

describe('history window', () => {
  it('counts "everything" as 0 days', () => {
    expect(windowDays(undefined)).toBe(0);
    expect(windowDays(0)).toBe(0);
    expect(windowDays(45)).toBe(45);
  });

  it('reaches further only when the window grew, or was never recorded', () => {
    expect(reachesFurther(30, 90)).toBe(true);
    expect(reachesFurther(30, 0)).toBe(true);
    expect(reachesFurther(90, 30)).toBe(false);
    expect(reachesFurther(0, 30)).toBe(false);
    expect(reachesFurther(0, 0)).toBe(false);
    expect(reachesFurther(undefined, 30)).toBe(true);
  });

  it('notices a changed window, and an unrecorded one', () => {
    expect(windowChanged(read, 30)).toBe(false);
    expect(windowChanged(read, 60)).toBe(true);
    expect(windowChanged({ ...read, window: undefined }, undefined)).toBe(true);
  });

  it('turns the older messages into history to take, below what was taken', () => {
    expect(rebaseHistory(read, [120, 40, 299], 0)).toEqual({ ...read, window: 0, history: { floor: 40, total: 3, done: 0, phase: 'history' } });
  });

  it('lets a history under way reach further down, keeping what it has done', () => {
    const midway: FolderCursor = { ...read, history: { floor: 250, total: 100, done: 50, phase: 'resync' } };
    expect(rebaseHistory(midway, [10, 260, 280], 0).history).toEqual({ floor: 10, total: 53, done: 50, phase: 'resync' });
  });

  it('ends the history when the window wants nothing below what was taken', () => {
    expect(rebaseHistory(read, [], 10)).toEqual({ ...read, window: 10, history: null });
    const midway: FolderCursor = { ...read, history: { floor: 1, total: 400, done: 100, phase: 'history' } };
    expect(rebaseHistory(midway, [], 10)).toEqual({ ...read, window: 10, history: null });
  });

  it('a narrower window stops a history under way at its edge, keeping what it has done', () => {
    const midway: FolderCursor = { ...read, window: 0, history: { floor: 1, total: 400, done: 100, phase: 'history' } };
    expect(rebaseHistory(midway, [250, 299], 10).history).toEqual({ floor: 250, total: 102, done: 100, phase: 'history' });
  });
});
