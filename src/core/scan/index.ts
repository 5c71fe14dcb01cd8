export * from './allow-list';
export * from './file-kinds';
export * from './placeholders';
export * from './redact';
export * from './rules';
export * from './scan-text';
export * from './stored-secrets';
