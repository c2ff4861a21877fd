// Shell command classification for the approval policy: what a command is, not what to do
// about it. Await loadShellParser() once before calling the rest.
export { loadShellParser } from './shell-parser.js';
export { parseShellScript } from './plain-script.js';
export { commandForDisplay, commandLineForDisplay } from './display.js';
export { isKnownSafeCommand } from './known-safe.js';
export { isDangerousCommand } from './dangerous.js';
export { extractApplyPatch, type ShellPatch } from './apply-patch-heredoc.js';
export { isRawPatchCommand, RAW_PATCH_REFUSAL } from './raw-patch.js';
