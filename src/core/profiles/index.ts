export * from './config-folder';
export * from './file-secrets';
export * from './profile-store';
