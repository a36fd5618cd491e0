import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** All of standard input, as text (for `--body-stdin`). */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads several secrets: from piped stdin one per line, in order (so `printf 'imap\nsmtp\n'`
 * gives two), otherwise one prompt each that does not echo.
 */
export async function readSecrets(prompts: readonly string[]): Promise<string[]> {
  if (prompts.length === 1) return [await readSecret(prompts[0] ?? '')];
  if (!process.stdin.isTTY) {
    const lines = (await readAllStdin()).split(/\r?\n/);
    const secrets = prompts.map((_, index) => lines[index] ?? '');
    return secrets;
  }
  const answers: string[] = [];
  for (const prompt of prompts) answers.push(await readSecret(prompt));
  return answers;
}

/** Reads a secret: all of stdin when it is piped, otherwise a prompt that does not echo. */
export async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  // readline draws the prompt and then echoes each key, redrawing the line as it goes; the
  // prompt must pass and everything after it must not. Muting after the prompt (rather than
  // writing the prompt ourselves) also keeps readline's redraws from wiping the prompt away.
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  // In raw mode Ctrl+C reaches readline, not the process: pass it on, or the prompt cannot be left.
  rl.once('SIGINT', () => {
    rl.close();
    process.kill(process.pid, 'SIGINT');
  });
  try {
    const answer = new Promise<string>((resolve) => rl.question(prompt, resolve));
    muted = true;
    return await answer;
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}
