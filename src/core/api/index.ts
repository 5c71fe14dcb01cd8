export * from './errors';
export * from './transport';
export * from './retry';
export * from './api-http';
export * from './auth';
export * from './schemas';
export * from './validation';
export * from './central-client';
export { superAdminRole } from './failure-messages';
