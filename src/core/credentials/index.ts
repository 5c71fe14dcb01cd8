export * from './model';
export * from './roles';
export * from './store';
export * from './service';
export * from './dates';
export * from './lifecycle';
export * from './health';
export * from './usage-log';
