/**
 * zod builds faster parsers with `new Function` where it may, after probing whether it may.
 * The pages' CSP forbids eval, so the probe is refused and reported as a CSP violation on every
 * load (parsing itself works either way). Jitless mode skips the probe.
 */
import { config } from 'zod';

config({ jitless: true });
