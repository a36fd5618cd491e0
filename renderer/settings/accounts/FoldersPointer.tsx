/** The folders "account" is not added here: each folder is granted in Settings → Folders. */
export function FoldersPointer() {
  return <p className="notice">Folders are granted one by one in Settings → Folders, where each shows how watching it stands.</p>;
}
