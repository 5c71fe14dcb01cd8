export * from './model';
export * from './roles';
export * from './store';
export * from './service';
