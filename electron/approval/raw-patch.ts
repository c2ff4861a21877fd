// A patch sent through the shell tool as if it were a command (agent-behavior.md section 7). Bash
// would read `*** Begin Patch` as a glob and run whichever file it matched first, so the call is
// refused, with the words Codex answers it with: models trained on Codex know to retry with
// apply_patch when they see them.
import { programBaseName } from './shell-invocation.js';

export const RAW_PATCH_REFUSAL =
  'apply_patch verification failed: patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]';

const BEGIN_PATCH = '*** Begin Patch';
const SHELLS = new Set(['bash', 'zsh', 'sh']);
// The heredoc line a model sometimes leaves in front of the patch it meant for apply_patch.
const HEREDOC_OPENER = /^<<-?\s*(['"]?)[A-Za-z_][\w.-]*\1$/;

/** Whether the text, past blank lines and an optional `<<'EOF'` line, opens with `*** Begin Patch`. */
function startsWithPatch(text: string): boolean {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const [first, second] = lines;
  if (first !== undefined && HEREDOC_OPENER.test(first)) return second === BEGIN_PATCH;
  return first === BEGIN_PATCH;
}

/**
 * Whether a shell call is a bare patch: the patch as the program (`[PATCH]`, or PATCH as argv[0]
 * with anything after it), or as the whole script of `[bash|zsh|sh, -c|-lc, PATCH, ...]`. The shell
 * may be at any path, since the shell_command tool runs the user's own. `apply_patch PATCH` and
 * `apply_patch <<'EOF'` are not bare: they name the tool.
 */
export function isRawPatchCommand(argv: readonly string[]): boolean {
  const [program, flag, script] = argv;
  if (program === undefined) return false;
  if (startsWithPatch(program)) return true;
  // Words after the script only set $0, $1...: the shell still runs the script.
  if (script === undefined || !SHELLS.has(programBaseName(program))) return false;
  return (flag === '-c' || flag === '-lc') && startsWithPatch(script);
}
