import { ApiError } from '@shared/api/errors.js';

/** Option parsers for commander: a wrong value is an error in words, exit code 2. */
export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ApiError('invalid_input', `"${value}" is not a port number (0–65535).`);
  return n;
}

export function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ApiError('invalid_input', `"${value}" is not a positive whole number.`);
  return n;
}

/** Days of history: a whole number, 0 meaning everything. */
export function parseHistoryDays(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n > 36_500) {
    throw new ApiError('invalid_input', `"${value}" is not a number of days (0 takes the whole history, up to 36500).`);
  }
  return n;
}
