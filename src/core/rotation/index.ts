export * from './expiry-rule';
export * from './rotate-token';
