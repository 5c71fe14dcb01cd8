export * from './model';
export * from './roles';
export * from './dates';
export * from './lifecycle';
export * from './health';
export * from './usage-log';
export * from './integration-types';
export * from './credentials';
export * from './names';
export type { StoredSecretInfo } from './stored-secrets';
export { SuspendedCredentialError, credentialOfFailure, whoamiFacts, type SignedIn } from './sessions';
export type { MintRequest, MintResult, TokenChange, TokenListing, TokenUpdateResult } from './sls-tokens';
export type { LifecycleEntry, LifecycleSweep } from './lifecycle-actions';
// The store is the facade's private persistence: only what its callers hand to it, and what it throws.
export {
  DuplicateNameError,
  UnknownCredentialError,
  type NewCredential,
  type NewIntegration,
  type SecretVault,
  type StateStore,
} from './store';
