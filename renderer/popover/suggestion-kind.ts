import type { SuggestionKind } from '@shared/domain/types';
import type { IconName } from '../components/Icon';

const ICONS: Readonly<Record<SuggestionKind, IconName>> = {
  newsletters: 'archive',
  reply: 'reply',
  'follow-up': 'reply',
  invitation: 'mail',
  deadline: 'clock',
  rsvp: 'check-circle',
  conflict: 'alert',
  focus: 'clock',
  'downloads-tidy': 'folder',
  'duplicate-downloads': 'folder',
  'attachment-saved': 'folder',
  'promised-file': 'reply',
  agent: 'check-circle',
  digest: 'inbox',
  brief: 'book',
  meeting_prep: 'clock',
};

export function kindIcon(kind: SuggestionKind): IconName {
  return ICONS[kind];
}
