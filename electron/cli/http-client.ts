import { API_METHODS, type EngineApi } from '@shared/api/contract.js';
import type { HostInfo } from '../host/host-info.js';
import { callHost } from './host-call.js';

/** The engine API of a running host, over its HTTP endpoint. */
export function httpEngineApi(host: HostInfo): EngineApi {
  return Object.fromEntries(API_METHODS.map((method) => [method, (input?: unknown) => callHost(host, method, input)])) as unknown as EngineApi;
}
