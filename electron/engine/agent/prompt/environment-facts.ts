/**
 * The facts about the user's world a job needs to get dates and names right: who the user is
 * and at which addresses, their time zone and the time now, and the operating system. Rendered
 * into the part of the system prompt after the cached prefix, because the time changes.
 */
export interface EnvironmentFacts {
  readonly userName: string;
  /** The addresses of the accounts the user connected. */
  readonly addresses: readonly string[];
  /** An IANA zone such as Europe/Berlin. */
  readonly timeZone: string;
  readonly now: Date;
  /** In words, such as "macOS 15.2" or "Linux (Debian GNU/Linux 12)". */
  readonly operatingSystem: string;
}

export function renderEnvironment(facts: EnvironmentFacts): string {
  const local = new Intl.DateTimeFormat('en-GB', {
    timeZone: facts.timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(facts.now);
  const addresses = facts.addresses.length > 0 ? facts.addresses.join(', ') : 'none connected yet';
  return [
    'Facts about the user and now:',
    `- The user: ${facts.userName}. Their addresses: ${addresses}. Mail from these addresses is the user's own.`,
    `- Time zone: ${facts.timeZone}. Now: ${local} (${facts.now.toISOString().slice(0, 16)}Z).`,
    `- Operating system: ${facts.operatingSystem}.`,
  ].join('\n');
}

/** process.platform and os.release() in words. */
export function describeOperatingSystem(platform: string, release: string, distribution?: string): string {
  switch (platform) {
    case 'darwin':
      return `macOS (Darwin ${release})`;
    case 'win32':
      return `Windows (${release})`;
    case 'linux':
      return distribution ? `Linux (${distribution})` : `Linux (${release})`;
    default:
      return `${platform} ${release}`;
  }
}
