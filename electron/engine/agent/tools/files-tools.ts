/**
 * The files tools as data, over the folders the user chose. Reads return data; every other call
 * becomes a proposed step.
 */
import { z } from 'zod';
import { toolNameFor, writeInput, type ReadToolSpec, type WriteToolSpec } from './tool-spec.js';

const fileId = z.string().min(1).max(1_000).describe('Steward’s id of a file: the id of its data block, or one returned by files_search.');
const folder = z.string().min(1).max(1_000).describe('A folder inside the ones the user connected, as files_search shows it.');
const fileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\]+$/)
  .describe('A file name without any folder (no / or \\).');

export const filesSearch = {
  effect: 'read',
  name: 'files_search',
  capability: 'files.read',
  description: 'Search the user’s connected folders by name and content. Returns matching files (path, modified, a short excerpt) as data.',
  input: z.strictObject({
    query: z.string().min(1).max(200).describe('Words to look for in file names and contents.'),
    folder: folder.optional().describe('Only inside this folder.'),
    limit: z.number().int().min(1).max(25).default(10),
  }),
} as const satisfies ReadToolSpec;

export const filesRead = {
  effect: 'read',
  name: 'files_read',
  capability: 'files.read',
  description: 'Read a text file’s contents, as data.',
  input: z.strictObject({
    fileId,
    maxChars: z.number().int().min(100).max(50_000).default(20_000).describe('Read at most this many characters.'),
  }),
} as const satisfies ReadToolSpec;

export const filesWorkingOn = {
  effect: 'read',
  name: 'files_working_on',
  capability: 'files.read',
  description: 'What the user is working on: files edited recently in the connected folders, grouped by project folder, newest first, as data.',
  input: z.strictObject({
    days: z.number().int().min(1).max(90).default(7).describe('How many days back to look.'),
  }),
} as const satisfies ReadToolSpec;

export const filesCreate = {
  effect: 'write',
  name: toolNameFor('files.create'),
  capability: 'files.create',
  description: 'Propose creating a text file (a brief, notes). It is written only if the user approves; an existing file is never overwritten.',
  input: writeInput({ folder, name: fileName, content: z.string().max(200_000) }),
} as const satisfies WriteToolSpec;

export const filesMove = {
  effect: 'write',
  name: toolNameFor('files.move'),
  capability: 'files.move',
  description: 'Propose moving a file to another connected folder.',
  input: writeInput({ fileId, toFolder: folder }),
} as const satisfies WriteToolSpec;

export const filesRename = {
  effect: 'write',
  name: toolNameFor('files.rename'),
  capability: 'files.rename',
  description: 'Propose renaming a file in place.',
  input: writeInput({ fileId, newName: fileName }),
} as const satisfies WriteToolSpec;

export const filesTrash = {
  effect: 'write',
  name: toolNameFor('files.trash'),
  capability: 'files.trash',
  description: 'Propose moving files to the system Trash (not deleting them: they can be restored).',
  input: writeInput({ fileIds: z.array(fileId).min(1).max(100) }),
} as const satisfies WriteToolSpec;

export const FILES_TOOLS = [filesSearch, filesRead, filesWorkingOn, filesCreate, filesMove, filesRename, filesTrash] as const;
