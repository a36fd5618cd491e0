import { describe, expect, it } from 'vitest';
import { isGaxiosError, loadGoogleAuth } from './google-libraries.js';

describe('Google libraries loaded on first use', () => {
  it('calls nothing a GaxiosError before the library is loaded, and recognises one after', async () => {
    expect(isGaxiosError(new Error('fetch failed'))).toBe(false);
    expect(isGaxiosError({ status: 401, response: { status: 401 } })).toBe(false);

    const { gaxios } = await loadGoogleAuth();
    const error = new gaxios.GaxiosError('Request failed with status code 401', { url: new URL('https://gmail.googleapis.com/'), headers: new Headers() });
    expect(isGaxiosError(error)).toBe(true);
    expect(isGaxiosError(new Error('fetch failed'))).toBe(false);
  });

  it('loads the library once', async () => {
    expect(await loadGoogleAuth()).toBe(await loadGoogleAuth());
  });
});
