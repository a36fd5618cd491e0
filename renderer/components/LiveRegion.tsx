import { useSteward } from '../state';

/** Says new suggestions and outcomes aloud to screen readers, politely. */
export function LiveRegion() {
  const announcement = useSteward((state) => state.announcement);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {/* The key makes a repeated sentence be read again. */}
      {announcement ? <span key={announcement.id}>{announcement.text}</span> : null}
    </div>
  );
}
