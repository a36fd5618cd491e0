import { describe, expect, it } from 'vitest';
import { describeImapError } from './imap-errors.js';

const server = { host: 'mail.example.test', port: 993, tls: true, username: 'alice@example.test' };

describe('describeImapError', () => {
  it('a login refused over the server limit says what the user can do, and is retried (not a wrong password)', () => {
    const error = describeImapError(
      { authenticationFailed: true, serverResponseCode: 'LIMIT', responseText: 'Maximum number of connections from user+IP exceeded' },
      server,
    );
    expect(error.code).toBe('connection_failed');
    expect(error.message).toBe(
      'The mail server at mail.example.test:993 refused the connection: too many connections to it are open for alice@example.test ' +
        '(Maximum number of connections from user+IP exceeded). Close other mail apps that use this account, or wait; ' +
        'Steward will retry and slows down while the server refuses.',
    );
  });

  it('a refused connection from a server that answered before means it is down, not misconfigured', () => {
    const refused = { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' };
    expect(describeImapError(refused, server).message).toMatch(/^Nothing answered at mail\.example\.test:993\. Check the port/);
    expect(describeImapError(refused, server, { answeredBefore: true }).message).toBe(
      'The mail server at mail.example.test:993 stopped answering (connection refused): it is down or restarting. Steward will retry, waiting longer between tries while it stays down.',
    );
  });
});
