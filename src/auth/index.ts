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
export { jwtPlugin, tokenSchema } from './jwt.plugin.js';
export { type JwtKey, keyFileNames, loadCheckpointKey, loadJwtKey, type SigningKeyPair } from './keys.js';
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
