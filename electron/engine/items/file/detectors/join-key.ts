/** Joins a folder's path key and a plain-text name into the key of the entry inside it. */
import { joinRaw, keyOfRaw, rawOfKey, type PathKey } from '../path-key.js';

export function joinKey(folder: PathKey, name: string): PathKey {
  return keyOfRaw(joinRaw(rawOfKey(folder), Buffer.from(name, 'utf8')));
}
