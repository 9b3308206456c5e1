export {
  authenticate,
  createUser,
  ensureFirstAdmin,
  findUserByUsername,
  getUser,
  listUsers,
  meSchema,
  newUserSchema,
  passwordSchema,
  setPassword,
  type User,
  updateUser,
  userPatchSchema,
  userSchema,
} from './accounts.js';
export { jwtPlugin, tokenSchema } from './jwt.plugin.js';
export { type JwtKey, loadCheckpointKey, loadJwtKey, type SigningKeyPair } from './keys.js';
export { setPasswordHashCost, verifyPassword } from './password.js';
export {
  hasRole,
  isResponsibleFor,
  type Principal,
  type Role,
  readableSites,
  roleSchema,
  roleValues,
} from './roles.js';
