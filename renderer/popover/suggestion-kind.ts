import type { SuggestionKind } from '@shared/domain/types';
import type { IconName } from '../components/Icon';

const ICONS: Readonly<Record<SuggestionKind, IconName>> = {
  newsletters: 'archive',
  reply: 'reply',
};

export function kindIcon(kind: SuggestionKind): IconName {
  return ICONS[kind];
}
