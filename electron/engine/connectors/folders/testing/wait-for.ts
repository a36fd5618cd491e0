/** Polls until `probe` holds, or fails naming what it waited for (the engine's tests cannot import test/). */
export async function waitFor(what: string, probe: () => boolean | undefined | Promise<boolean | undefined>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
