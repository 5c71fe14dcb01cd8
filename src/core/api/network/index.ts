/** Proxies, certificates and failures: no undici here (dispatcher.ts is the transport's, see undici-transport.ts). */
export * from './proxy';
export * from './certificates';
export * from './resolve';
export * from './failures';
