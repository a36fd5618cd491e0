import { describe, expect, it } from 'vitest';
import { goneFolders } from './gone-folders.js';

describe('goneFolders', () => {
  it('names the synced folders the server no longer lists, and only those', () => {
    expect(goneFolders(['INBOX', 'Projects', 'Archive', 'Old/2019'], [{ path: 'INBOX' }, { path: 'Archive' }, { path: 'New' }])).toEqual(['Projects', 'Old/2019']);
  });

  it('compares paths exactly: a folder renamed only in case is another folder', () => {
    expect(goneFolders(['Projects'], [{ path: 'projects' }])).toEqual(['Projects']);
  });
});
