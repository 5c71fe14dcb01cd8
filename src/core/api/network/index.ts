export * from './proxy';
export * from './certificates';
export * from './resolve';
export * from './dispatcher';
export * from './failures';
