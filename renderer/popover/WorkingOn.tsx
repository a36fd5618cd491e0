import { useEffect } from 'react';
import { shortWhen } from '../format/time';
import { useFolders } from '../state/folders';

/** How many project groups the popover shows; Settings → Folders and the CLI have the rest. */
const GROUPS_SHOWN = 3;

/** "What you are working on": files edited this week, grouped by project folder. Quiet when there is nothing. */
export function WorkingOn() {
  const workingOn = useFolders((state) => state.workingOn);
  const { refresh } = useFolders((state) => state.actions);
  useEffect(() => {
    void refresh('workingOn');
  }, [refresh]);
  const groups = workingOn.data?.slice(0, GROUPS_SHOWN) ?? [];
  if (groups.length === 0) return null;
  return (
    <section className="working-on" aria-labelledby="working-on-title">
      <h2 className="working-on__title" id="working-on-title">
        Working on
      </h2>
      <ul className="working-on__groups">
        {groups.map((group) => (
          <li key={group.folder} className="working-on__group">
            <span className="working-on__label">{group.label}</span> · edited {shortWhen(group.lastEditedAt)}
            <span className="working-on__files" title={group.files.map((file) => file.shownPath).join('\n')}>
              {group.files.map((file) => file.name).join(', ')}
              {group.total > group.files.length ? ` and ${group.total - group.files.length} more` : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
