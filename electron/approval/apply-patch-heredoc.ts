// Spotting a patch the model sends through the shell tool instead of the apply_patch tool
// (agent-behavior.md section 7), so it is applied (and approved) as a patch, not run.
import type { Node } from 'web-tree-sitter';
import { shellScript } from './shell-invocation.js';
import { readShellSyntax } from './shell-parser.js';
import { literalWord } from './shell-words.js';
import { childrenOf, namedChildrenOf } from './syntax-children.js';

const APPLY_PATCH_PROGRAMS = new Set(['apply_patch', 'applypatch']);

export interface ShellPatch {
  /** The heredoc's text (or the argument), unexpanded, without its trailing newlines. */
  patch: string;
  /** The directory of a leading `cd DIR &&`, as written; relative paths are against the command's cwd. */
  workdir?: string;
}

/** `apply_patch` or `applypatch` alone, with no arguments or redirections of its own. */
function isBareApplyPatch(node: Node | null): boolean {
  if (node === null || node.type !== 'command' || node.namedChildCount !== 1) return false;
  const name = node.firstNamedChild;
  if (name === null || name.type !== 'command_name' || name.firstNamedChild === null) return false;
  const program = literalWord(name.firstNamedChild);
  return program !== null && APPLY_PATCH_PROGRAMS.has(program);
}

/** The directory of `cd DIR`, when DIR is a single literal word that is not an option. */
function cdTarget(node: Node | null): string | null {
  if (node === null || node.type !== 'command' || node.namedChildCount !== 2) return null;
  const [name, target] = namedChildrenOf(node) as [Node, Node];
  if (name.type !== 'command_name' || name.firstNamedChild === null) return null;
  if (literalWord(name.firstNamedChild) !== 'cd') return null;
  const directory = literalWord(target);
  return directory === null || directory === '' || directory.startsWith('-') ? null : directory;
}

/** The heredoc's body when the redirect is exactly `<<DELIM` (or `<<-DELIM`), lines, DELIM. */
function heredocText(redirect: Node, script: string): string | null {
  const [operator, start, ...rest] = childrenOf(redirect);
  if (operator === undefined || (operator.type !== '<<' && operator.type !== '<<-')) return null;
  if (start?.type !== 'heredoc_start') return null;
  const shape = rest.map((child) => child.type).join(' ');
  if (shape !== 'heredoc_body heredoc_end' && shape !== 'heredoc_end') return null;
  const end = rest[rest.length - 1];
  const lineEnd = script.indexOf('\n', start.endIndex);
  if (end === undefined || lineEnd === -1 || lineEnd >= end.startIndex) return null;
  // Cut from the source rather than taking the body node, whose text leaves out the first
  // line's leading blanks. Taken as written, as if the delimiter were quoted: the shell would
  // expand `$x` in an unquoted heredoc, but the model means the patch it wrote.
  const body = script.slice(lineEnd + 1, end.startIndex);
  // `<<-` strips leading tabs from every line, the delimiter's included.
  const text = operator.type === '<<-' ? body.replace(/^\t+/gm, '') : body;
  return text.replace(/\n+$/, '');
}

function patchFromScript(root: Node, script: string): ShellPatch | null {
  // The heredoc statement must be the whole script: `echo hi; apply_patch <<EOF...` or
  // `apply_patch <<EOF ... EOF && make` mean something else, which the person should see run.
  if (root.hasError || root.childCount !== 1) return null;
  const statement = root.firstChild;
  if (statement === null || statement.type !== 'redirected_statement' || statement.namedChildCount !== 2) return null;
  const [body, redirect] = namedChildrenOf(statement) as [Node, Node];
  if (redirect.type !== 'heredoc_redirect') return null;
  const patch = heredocText(redirect, script);
  if (patch === null) return null;
  if (isBareApplyPatch(body)) return { patch };
  if (body.type !== 'list' || body.childCount !== 3 || body.child(1)?.type !== '&&') return null;
  const workdir = cdTarget(body.child(0));
  if (workdir === null || !isBareApplyPatch(body.child(2))) return null;
  return { patch, workdir };
}

/**
 * The patch of a shell call that only applies a patch: `['apply_patch', PATCH]` (or
 * `applypatch`), or `[bash|zsh|sh, -c|-lc, SCRIPT]` where SCRIPT is `apply_patch <<'EOF'` (any
 * delimiter, quoted or not) followed by the patch and the delimiter, optionally preceded by
 * `cd DIR &&`. Null for anything else; the patch text itself is not validated here.
 * Needs loadShellParser() to have finished.
 */
export function extractApplyPatch(argv: readonly string[]): ShellPatch | null {
  if (argv.length === 2 && APPLY_PATCH_PROGRAMS.has(argv[0] ?? '')) return { patch: argv[1] ?? '' };
  const script = shellScript(argv);
  if (script === null) return null;
  return readShellSyntax(script, (root) => patchFromScript(root, script));
}
