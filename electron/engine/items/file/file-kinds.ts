/**
 * What kind of file a name suggests, and how (if at all) Steward reads its text. Decided from
 * the name alone: the content is read only later, by the one code path that checks scopes.
 */
export type FileKind =
  | 'text'
  | 'code'
  | 'document'
  | 'pdf'
  | 'spreadsheet'
  | 'presentation'
  | 'image'
  | 'audio'
  | 'video'
  | 'archive'
  | 'installer'
  | 'other';

/** How the text excerpt of a file is read: decoded as text, through mammoth, through pdf.js, or not at all. */
export type ExcerptMethod = 'text' | 'docx' | 'pdf' | 'none';

const KINDS: Readonly<Record<Exclude<FileKind, 'other'>, readonly string[]>> = {
  text: ['txt', 'md', 'markdown', 'rst', 'csv', 'tsv', 'log', 'json', 'jsonl', 'yaml', 'yml', 'toml', 'ini', 'cfg', 'conf', 'xml', 'html', 'htm', 'tex', 'org', 'adoc', 'srt', 'vtt', 'ics', 'vcf'],
  code: [
    'ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'py', 'rb', 'go', 'rs', 'java', 'kt', 'kts', 'swift', 'c', 'h', 'cpp', 'hpp', 'cc', 'cs',
    'php', 'sh', 'bash', 'zsh', 'fish', 'ps1', 'sql', 'lua', 'r', 'scala', 'dart', 'vue', 'svelte', 'css', 'scss', 'less', 'ipynb',
  ],
  document: ['docx', 'doc', 'odt', 'rtf', 'pages', 'epub'],
  pdf: ['pdf'],
  spreadsheet: ['xlsx', 'xls', 'ods', 'numbers'],
  presentation: ['pptx', 'ppt', 'odp', 'key'],
  image: ['png', 'jpg', 'jpeg', 'gif', 'webp', 'heic', 'heif', 'svg', 'bmp', 'tif', 'tiff', 'raw', 'cr2', 'nef', 'psd'],
  audio: ['mp3', 'm4a', 'wav', 'flac', 'ogg', 'opus', 'aac'],
  video: ['mp4', 'mov', 'mkv', 'avi', 'webm', 'm4v'],
  archive: ['zip', 'tar', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'iso'],
  installer: ['exe', 'msi', 'dmg', 'pkg', 'deb', 'rpm', 'appimage', 'apk', 'snap', 'flatpak'],
};

const KIND_BY_EXTENSION = new Map<string, FileKind>(
  Object.entries(KINDS).flatMap(([kind, extensions]) => extensions.map((ext) => [ext, kind as FileKind] as const)),
);

/** Names without an extension that are plain text by convention. */
const TEXT_NAMES = new Set(['readme', 'license', 'licence', 'changelog', 'makefile', 'dockerfile', 'procfile', 'gemfile', 'notes', 'todo']);

/** The extension in lower case without the dot ("" when there is none; ".bashrc" has none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 || dot === name.length - 1 ? '' : name.slice(dot + 1).toLowerCase();
}

export function fileKindOf(name: string): FileKind {
  const ext = extensionOf(name);
  if (ext === '') return TEXT_NAMES.has(name.toLowerCase()) ? 'text' : 'other';
  return KIND_BY_EXTENSION.get(ext) ?? 'other';
}

export function excerptMethodOf(name: string): ExcerptMethod {
  const kind = fileKindOf(name);
  if (kind === 'text' || kind === 'code') return 'text';
  if (kind === 'pdf') return 'pdf';
  return extensionOf(name) === 'docx' ? 'docx' : 'none';
}
