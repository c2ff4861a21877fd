// The strict reading of a shell script: only simple commands of literal words, joined by
// operators that cannot by themselves write anything.
import type { Node } from 'web-tree-sitter';
import { readShellSyntax } from './shell-parser.js';
import { literalWord } from './shell-words.js';
import { childrenOf } from './syntax-children.js';

// For each structure we accept, the operator tokens allowed between its parts. Everything else
// (redirections, `&`, `|&`, subshells, `!`, assignments, control flow, functions, comments) fails.
const JOINING_OPERATORS: Readonly<Record<string, ReadonlySet<string>>> = {
  program: new Set([';']),
  list: new Set(['&&', '||']),
  pipeline: new Set(['|']),
};

function commandWords(command: Node): string[] | null {
  const argv: string[] = [];
  for (const child of childrenOf(command)) {
    const part = child.type === 'command_name' ? child.firstChild : child;
    if (part === null || !part.isNamed) return null;
    if (child.type === 'command_name' && child.childCount !== 1) return null;
    const word = literalWord(part);
    if (word === null) return null;
    argv.push(word);
  }
  return argv;
}

function collectCommands(node: Node, into: string[][]): boolean {
  if (node.type === 'command') {
    const argv = commandWords(node);
    if (argv === null || argv.length === 0) return false;
    into.push(argv);
    return true;
  }
  const operators = JOINING_OPERATORS[node.type];
  if (operators === undefined) return false;
  for (const child of childrenOf(node)) {
    const accepted = child.isNamed ? collectCommands(child, into) : operators.has(child.type);
    if (!accepted) return false;
  }
  return true;
}

/**
 * The simple commands of a script, each as its argv with quotes removed, when the script is made
 * only of literal words (bare, 'single' or "double" quoted, without expansions or globs) joined by
 * `&&`, `||`, `;`, `|` and newlines. Null when it uses anything else or does not parse.
 * An empty script gives an empty list.
 */
export function parseShellScript(script: string): string[][] | null {
  return readShellSyntax(script, (root) => {
    if (root.hasError) return null;
    const commands: string[][] = [];
    return collectCommands(root, commands) ? commands : null;
  });
}
