export {
  authenticate,
  changeOwnPassword,
  createUser,
  emailSchema,
  ensureFirstAdmin,
  findUserByUsername,
  getUser,
  listResponsibleFor,
  listUsers,
  meSchema,
  newUserSchema,
  passwordSchema,
  setPassword,
  setUserLanguage,
  type User,
  unlockUser,
  updateUser,
  userNames,
  userPatchSchema,
  userSchema,
} from './accounts.js';
export {
  type ApiKey,
  type ApiKeyCheck,
  apiKeyPrefix,
  apiKeySchema,
  checkApiKey,
  createApiKey,
  issuedApiKeySchema,
  listApiKeys,
  newApiKeySchema,
  revokeApiKey,
} from './api-keys.js';
export { jwtPlugin, tokenSchema } from './jwt.plugin.js';
export { KeySettingError } from './key-files.js';
export {
  type CheckpointKeys,
  checkpointKeyring,
  type JwtKey,
  type JwtKeys,
  type KeyFileInUse,
  type KeySettingName,
  type KeySettings,
  keyFileNames,
  keyFilesInUse,
  keySettingMembers,
  loadJwtKeys,
  type SigningKeyPair,
} from './keys.js';
export { sameSecret, setPasswordHashCost, verifyPassword } from './password.js';
export {
  hasRole,
  isResponsibleFor,
  type Principal,
  type Role,
  readableSites,
  roleSchema,
  roleValues,
} from './roles.js';
export {
  checkSession,
  createSession,
  csrfTokenOf,
  endSession,
  newSessionId,
  type SessionCheck,
  type SessionPolicy,
} from './sessions.js';
