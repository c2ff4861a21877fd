export type { SandboxKind } from './kind.js';
export type { SandboxDetection } from './detect.js';
export { detectSandbox } from './detect.js';
export type { SandboxWrapOptions } from './wrap.js';
export { wrapForSandbox, isSandboxed } from './wrap.js';
export { looksLikeSandboxDenial } from './denial.js';
export type { SandboxHiding } from './hidden.js';
export { DEFAULT_SECRET_LOCATIONS } from './hidden.js';
export { isSameOrInside } from './roots.js';
