export { type BackChannelResult, backChannelLogout } from './back-channel.js';
export { checkProviderToken, type ProviderTokenCheck } from './bearer.js';
export { type OidcClient, oidcClient, ProviderUnavailable } from './client.js';
export {
  type ExternalIdentity,
  externalIdentitySchema,
  identityOf,
  linkIdentity,
  linkIdentitySchema,
  unlinkIdentity,
} from './identities.js';
export { beginSignIn, finishSignIn, type SignInRefusal, type SignInResult, signOutUrl } from './sign-in.js';
