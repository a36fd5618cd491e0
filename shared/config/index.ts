export { CONFIG_KEYS, isConfigKey, type ConfigEntry, type ConfigKey, type ConfigKeyName, type ConfigValues } from './keys.js';
export {
  checkApiKey,
  checkBaseUrl,
  isSecretKey,
  parseTokenCount,
  SECRET_KEYS,
  DEFAULT_BASE_URL,
  DEFAULT_DAILY_TOKEN_BUDGET,
  DEFAULT_TRIAGE_MODEL,
  DEFAULT_WRITING_MODEL,
  type ApiKeyCheck,
  type BaseUrlCheck,
  type SecretKeyName,
} from './model.js';
export { parseSchedule, type Schedule, type ScheduleParse } from './agent.js';
