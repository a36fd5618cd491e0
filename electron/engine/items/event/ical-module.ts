/**
 * ical.js, loaded the first time a calendar is read or written instead of when the engine starts:
 * an idle host, or one with mail accounts only, never uses it, and it costs ~0.8 MB of live heap
 * (~1.5 MB RSS) to import.
 *
 * Synchronous on purpose. Parsing, recurrence expansion and zone arithmetic are pure functions
 * called from about a hundred synchronous places (views, detectors, planners); an `await import`
 * would make all of them async. Node (22.12+, and Electron's) can require() an ES module and hands
 * back the very instance `import` gives, so `instanceof ICAL.Time` holds wherever the value came
 * from. The package's `require` condition names a separate ES5 build, so the ESM entry is
 * resolved as `import` would resolve it. The module is kept after the first call: expanding
 * thousands of events pays one variable read each, not a module lookup.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type ICAL from 'ical.js';

let loaded: typeof ICAL | undefined;

export function ical(): typeof ICAL {
  if (!loaded) {
    const requireModule = createRequire(import.meta.url);
    loaded = (requireModule(fileURLToPath(import.meta.resolve('ical.js'))) as { default: typeof ICAL }).default;
  }
  return loaded;
}

/** The component tree of iCalendar text (throws what ical.js throws on text it cannot read). */
export function parseComponent(text: string): ICAL.Component {
  const lib = ical();
  return new lib.Component(lib.parse(text) as unknown[]);
}
