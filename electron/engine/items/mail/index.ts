import type { ItemKindModule } from '../kinds.js';
import { mailMigrations } from './migrations.js';

export { MailStore } from './mail-store.js';
export { parseMail, isCalendarType, BODY_TEXT_LIMIT } from './mail-parse.js';
export { messageKeyOf, normalizeMessageId } from './message-key.js';
export * from './mail-item.js';

export const mailKind: ItemKindModule = { kind: 'mail', migrations: mailMigrations };
export { mailSource, messagePreview } from './mail-source.js';
export { draftArgs, type DraftArgs } from './mail-args.js';
