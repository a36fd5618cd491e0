/** Google sign-in and the parts every Google connector (Gmail, Calendar) shares. */
export { createGoogleAuth, newOAuthClient, REFRESH_AHEAD_MS, type GoogleAuthOptions } from './auth-client.js';
export { CLIENT_ID_ENV, CLIENT_SECRET_ENV, MISSING_CLIENT_ID, resolveGoogleClient, type GoogleClientConfig } from './client-config.js';
export { endpointsAt, GOOGLE_ORIGIN_ENV, googleEndpoints, REAL_GOOGLE_ENDPOINTS, type GoogleEndpoints } from './endpoints.js';
export { explainGoogleError, isNotFound, isUnauthorized, retryAfterMs, type GoogleErrorContext } from './google-errors.js';
export { SIGN_IN_TIMEOUT_MS, signInWithGoogle, startGoogleSignIn, type GoogleSignIn, type GoogleSignInOptions, type GoogleSignInSession } from './oauth.js';
export { GOOGLE_PROVIDER, googleOAuthRefresher, type GoogleRefresherOptions } from './refresher.js';
export { revokeGoogleGrant } from './revoke.js';
export { CALENDAR_EVENTS_SCOPE, CALENDAR_LIST_SCOPE, describeScope, GMAIL_MODIFY_SCOPE, IDENTITY_SCOPES, missingScopes, STEWARD_GOOGLE_SCOPES } from './scopes.js';
export { GoogleSignInError, type SignInFailure } from './sign-in-error.js';
export { googleTokensSchema, mergeTokens, toCredentials, type GoogleTokens } from './tokens.js';
