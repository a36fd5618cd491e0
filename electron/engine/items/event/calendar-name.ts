/** A calendar's short name from the id its connector gives it: "https://dav.example.com/alice/work/" → "work"; a Google calendar id stays as it is. */
export function calendarName(calendarId: string): string {
  try {
    const segments = new URL(calendarId).pathname.split('/').filter(Boolean);
    return decodeURIComponent(segments.at(-1) ?? calendarId);
  } catch {
    return calendarId;
  }
}
