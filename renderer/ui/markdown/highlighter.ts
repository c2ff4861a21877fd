import type { Element, ElementContent, Root, RootContent } from 'hast';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import plaintext from 'highlight.js/lib/languages/plaintext';
import python from 'highlight.js/lib/languages/python';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';
import { createLowlight } from 'lowlight';

/**
 * One highlighter for the whole page, with the languages a coding agent writes most (each grammar brings its
 * usual aliases: ts, sh, py, html, yml, toml...). highlight.js compiles a grammar on its first use and keeps
 * it, so a language costs once per page rather than once per message. Other languages show as plain code.
 */
const lowlight = createLowlight({
  bash,
  c,
  cpp,
  css,
  diff,
  dockerfile,
  go,
  ini,
  java,
  javascript,
  json,
  makefile,
  markdown,
  plaintext,
  python,
  rust,
  shell,
  sql,
  typescript,
  xml,
  yaml,
});
lowlight.registerAlias({ bash: ['console', 'shellscript'], json: ['jsonc', 'json5'], typescript: ['typescriptreact'] });

/** The language a fenced block was labelled with (`language-ts` from ```ts), if any. */
function languageOf(code: Element): string | null {
  const classes = code.properties.className;
  if (!Array.isArray(classes)) return null;
  for (const name of classes) {
    const value = String(name);
    if (value === 'no-highlight' || value === 'nohighlight') return null;
    if (value.startsWith('language-')) return value.slice('language-'.length);
  }
  return null;
}

function textOf(nodes: readonly (ElementContent | RootContent)[]): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += node.value;
    else if (node.type === 'element') text += textOf(node.children);
  }
  return text;
}

function highlightCode(code: Element): void {
  const language = languageOf(code);
  if (language === null || !lowlight.registered(language)) return;
  const tree = lowlight.highlight(language, textOf(code.children));
  const classes = Array.isArray(code.properties.className) ? code.properties.className : [];
  code.properties.className = ['hljs', ...classes.filter((name) => name !== 'hljs')];
  if (tree.children.length > 0) code.children = tree.children as ElementContent[];
}

function visit(parent: Root | Element): void {
  for (const child of parent.children) {
    if (child.type !== 'element') continue;
    const code = child.tagName === 'pre' ? child.children.find((node): node is Element => node.type === 'element' && node.tagName === 'code') : undefined;
    if (code) highlightCode(code);
    else visit(child);
  }
}

/** Highlights, in place, the fenced code blocks (`pre > code.language-*`) of a Markdown document's hast. */
export function highlightCodeBlocks(tree: Root): void {
  visit(tree);
}

/** File endings whose language goes by another name here (most, like ts, py and yml, are the grammars' own aliases). */
const LANGUAGE_BY_ENDING: Record<string, string> = {
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  h: 'c',
  hpp: 'cpp',
  cc: 'cpp',
  toml: 'ini',
  svg: 'xml',
  zsh: 'bash',
};

/** The language to colour a file in, from its name; null when the page has no grammar for it. */
export function languageOfFile(file: string): string | null {
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (name === 'Dockerfile') return 'dockerfile';
  if (name === 'Makefile') return 'makefile';
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  const ending = name.slice(dot + 1).toLowerCase();
  const language = LANGUAGE_BY_ENDING[ending] ?? ending;
  return lowlight.registered(language) ? language : null;
}

/** One line of code coloured by the page's highlighter, as hast (a diff colours line by line). */
export function highlightLine(language: string, text: string): Root {
  return lowlight.highlight(language, text);
}
