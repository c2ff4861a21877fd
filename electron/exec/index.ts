export type { ExecRequest, ExecResult, OutputStream } from './request.js';
export { runCommand, TIMEOUT_EXIT_CODE } from './run.js';
export { CAPTURE_CAP_BYTES } from './capture.js';
export { MAX_LIVE_DELTAS } from './live-output.js';
export type { LoginEnvironment } from './login-env.js';
export { resolveLoginEnvironment } from './login-env.js';
export { commandEnvironment } from './command-env.js';
export type { UserShell } from './shell.js';
export { userShell } from './shell.js';
