// Turning the grammar's word nodes into the strings a program would receive in its argv.
import type { Node } from 'web-tree-sitter';
import { childrenOf } from './syntax-children.js';

// Unquoted characters that make the shell expand a word into something other than its text
// (globs, brace expansion, parameters, commands). A glob matters for safety, not only for
// accuracy: `rg foo *` would pass a file named `--pre=evil` to rg as an option.
const EXPANDING_CHARACTERS = new Set(['*', '?', '[', ']', '{', '}', '$', '`']);

/** The text an unquoted piece stands for, or null when the shell would expand it. */
function unquotedLiteral(text: string, startsWord: boolean): string | null {
  let value = '';
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '\\') {
      if (i + 1 >= text.length) return null;
      const escaped = text.charAt(i + 1);
      if (escaped !== '\n') value += escaped;
      i++;
      continue;
    }
    if (EXPANDING_CHARACTERS.has(char)) return null;
    if (char === '~') {
      // Tilde expansion happens at the start of a word and, in bash and zsh, after `=` or `:`.
      const previous = text.charAt(i - 1);
      if ((i === 0 && startsWord) || previous === '=' || previous === ':') return null;
    }
    // zsh replaces a word `=name` with the path of the program `name`.
    if (char === '=' && i === 0 && startsWord && text.length > 1) return null;
    value += char;
  }
  return value;
}

/**
 * The text between double quotes with the quoting removed: a backslash escapes only `$`,
 * backquote, `"`, `\` and newline (a backslash-newline joins lines; any other newline stays).
 * `expands` tells whether an unescaped `$` or backquote is left, which the shell would expand.
 */
function removeDoubleQuoting(text: string): { value: string; expands: boolean } {
  let value = '';
  let expands = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '\\' && i + 1 < text.length) {
      const escaped = text.charAt(i + 1);
      if (escaped === '\n') {
        i++;
        continue;
      }
      if ('$`"\\'.includes(escaped)) {
        value += escaped;
        i++;
        continue;
      }
    }
    if (char === '$' || char === '`') expands = true;
    value += char;
  }
  return { value, expands };
}

/**
 * What is between a double-quoted string's quotes, as written. Taken from the source rather
 * than by joining the content nodes: the grammar leaves newlines (and the blanks around them)
 * out of every node, and bash keeps them.
 */
function doubleQuotedSource(node: Node): string | null {
  const { text } = node;
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return null;
  return text.slice(1, -1);
}

function literalPiece(node: Node, startsWord: boolean): string | null {
  switch (node.type) {
    case 'word':
    case 'number':
      return unquotedLiteral(node.text, startsWord);
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'string': {
      // Any named child but plain content is an expansion (`$x`, `$(...)`, backquotes).
      const plain = childrenOf(node).every((child) => (child.isNamed ? child.type === 'string_content' : child.type === '"'));
      const source = plain ? doubleQuotedSource(node) : null;
      if (source === null) return null;
      const { value, expands } = removeDoubleQuoting(source);
      return expands ? null : value;
    }
    default:
      return null;
  }
}

/**
 * The exact argument a word node stands for, when the shell would pass it unchanged apart from
 * quote removal: bare words, 'single' and "double" quoted strings without expansions, and
 * concatenations of these (`--format="%h %s"`). Null for anything the shell would expand.
 */
export function literalWord(node: Node): string | null {
  if (node.type !== 'concatenation') return literalPiece(node, true);
  let value = '';
  let first = true;
  for (const piece of childrenOf(node)) {
    const text = literalPiece(piece, first);
    if (text === null) return null;
    value += text;
    first = false;
  }
  return value;
}

/**
 * A best guess at the argument a word node stands for, for spotting dangerous commands in
 * scripts we do not fully understand: quotes are removed where we can, and expansions are left
 * as their source text (`rm -rf "$DIR"` gives `$DIR`).
 */
export function approximateWord(node: Node): string {
  switch (node.type) {
    case 'word':
    case 'number':
      return node.text.replace(/\\(.)/gs, '$1');
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'ansi_c_string':
      return node.text.slice(2, -1);
    case 'string': {
      const source = doubleQuotedSource(node);
      return source === null ? node.text : removeDoubleQuoting(source).value;
    }
    case 'concatenation':
      return childrenOf(node).map(approximateWord).join('');
    default:
      return node.text;
  }
}
