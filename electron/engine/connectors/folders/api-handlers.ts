/** The folders methods of the engine API, over the FolderService. */
import type { Handlers } from '../../api/handlers.js';
import type { FolderService } from './folder-service.js';

export function createFolderHandlers(folders: FolderService): Pick<Handlers, 'listFolders' | 'addFolder' | 'removeFolder' | 'workingOn'> {
  return {
    listFolders: async () => folders.list(),
    addFolder: async (input, actor) => folders.add(input, actor),
    removeFolder: async (input, actor) => folders.remove(input.id, actor),
    workingOn: async (input) => folders.workingOn(input.days),
  };
}
