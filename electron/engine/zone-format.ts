/**
 * Date formatters by purpose and time zone, built once: building an Intl.DateTimeFormat costs far
 * more than using one, and detectors and the interruption policy ask for one per message or per
 * suggestion of a first sync (tens of thousands). Callers pass module-level options objects: the
 * object itself is the key. '' is the system's zone.
 */
type Options = Omit<Intl.DateTimeFormatOptions, 'timeZone'>;

const formats = new WeakMap<Options, Map<string, Intl.DateTimeFormat>>();

export function zoneFormat(locale: string, options: Options, timeZone: string): Intl.DateTimeFormat {
  let byZone = formats.get(options);
  if (!byZone) {
    byZone = new Map();
    formats.set(options, byZone);
  }
  const key = `${locale}\u0000${timeZone}`;
  let format = byZone.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, timeZone: timeZone || undefined });
    byZone.set(key, format);
  }
  return format;
}
