// UndiciTransport is not here: import it from './undici-transport', which loads undici. What imports this index
// (the extension at activation) stays free of it.
export * from './errors';
export * from './transport';
export * from './retry';
export * from './api-http';
export * from './auth';
export * from './schemas';
export * from './validation';
export * from './central-client';
export * from './central-types';
export { collectPages, maxPages, type PageAt } from './paging';
export { callerScope, tenantScope } from './scopes';
export { slsCredentialWarning } from './failure-messages';
export * from './regions';
export * from './network';
export * from './secret-url';
