/**
 * tsdav, loaded on first use: every `steward` command starts the engine's modules, and only a
 * sync or a connection test needs the CalDAV client (it costs about 150 ms to load).
 */
import type * as TsdavModule from 'tsdav';

type Tsdav = typeof TsdavModule;

let loading: Promise<Tsdav> | undefined;

export function loadDav(): Promise<Tsdav> {
  loading ??= import('tsdav');
  return loading;
}
