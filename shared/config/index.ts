export { CONFIG_KEYS, isConfigKey, type ConfigEntry, type ConfigKey, type ConfigKeyName, type ConfigValues } from './keys.js';
