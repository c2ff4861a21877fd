export * from './policy.js';
export * from './ops.js';
export * from './events.js';
export * from './parse.js';
export * from './images.js';
