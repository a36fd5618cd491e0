export { startEngine, type Engine, type EngineOptions } from './engine.js';
export { defaultDataDir, databaseFile } from './paths.js';
export { isProcessAlive } from './process-alive.js';
export { isDataDirLocked } from './db/data-dir-lock.js';
export { ensurePrivateDir, ensurePrivateFile, PRIVATE_FILE_MODE } from './db/private-files.js';
export { KeychainSecretStore, type KeychainProbe, type SecretStore } from './secrets/secret-store.js';
export { EncryptedFileSecretStore, defaultSecretsFile, secretsFileLocation, type SecretsFileLocation } from './secrets/encrypted-file-store.js';
export { openSecretStore, type OpenedSecretStore, type OpenSecretStoreOptions, type PassphrasePurpose } from './secrets/choose-secret-store.js';
export { LazySecretStore } from './secrets/lazy-secret-store.js';
