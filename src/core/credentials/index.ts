export * from './model';
export * from './roles';
export * from './dates';
export * from './lifecycle';
export * from './status';
export * from './usage-log';
export * from './integration-types';
export * from './credentials';
export type { TestManyResult } from './test-many';
export * from './names';
export * from './errors';
export type { StoredSecretInfo } from './stored-secrets';
export { credentialOfFailure, whoamiFacts, type SignedIn } from './sessions';
export type { MintRequest, MintResult, TokenChange, TokenListing, TokenUpdateResult } from './sls-tokens';
export type { LifecycleEntry, LifecycleSweep } from './lifecycle-actions';
// The store is the facade's private persistence: only what its callers hand to it.
export type { SecretVault, StateStore } from './journaled-state';
export type { NewCredential, NewIntegration } from './store';
export * from './transfer';
