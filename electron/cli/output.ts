/** How every command prints: a result (JSON under --json), or an error in words with its exit code. */
import { toApiError } from '@shared/api/errors.js';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const defaultIo: CliIo = {
  out: (text: string) => process.stdout.write(text),
  err: (text: string) => process.stderr.write(text),
};

/** `value` as JSON under --json, else what `human` says; one line-ended block. */
export function formatResult(value: unknown, json: boolean, human: () => string): string {
  return `${json ? JSON.stringify(value, null, 2) : human()}\n`;
}

/** Prints a failed command's error (also as JSON under --json); resolves to its exit code. */
export function reportError(error: unknown, json: boolean, io: CliIo): number {
  const apiError = toApiError(error);
  if (json) io.out(`${JSON.stringify({ error: apiError.toPayload() })}\n`);
  io.err(`steward: ${apiError.message}\n`);
  return apiError.code === 'invalid_input' ? 2 : 1;
}
