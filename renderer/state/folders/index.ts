export { createFoldersStore } from './folders-store';
export type { FoldersActions, FoldersSlice, FoldersState, FoldersStore } from './folders-store';
export { FoldersStoreProvider, useFolders } from './FoldersStoreProvider';
