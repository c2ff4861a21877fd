import type { Element, Root, RootContent } from 'hast';
import { toJsxRuntime, type Components } from 'hast-util-to-jsx-runtime';
import type { ReactElement } from 'react';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { defaultUrlTransform } from 'react-markdown';
// GFM: the tables, task lists and strikethrough models write all the time.
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { highlightCodeBlocks } from './highlighter.js';

/**
 * Markdown to hast, built once for the page. Building and freezing a processor costs more than parsing a
 * short message, so a processor per message made a long conversation slow to scroll through.
 * `allowDangerousHtml` keeps raw HTML as `raw` nodes, which `toElements` turns into visible text: HTML the
 * model writes is shown, never interpreted.
 */
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype, { allowDangerousHtml: true }).freeze();

/**
 * Makes a tree safe to turn into React elements: raw HTML becomes its text, and link and image targets with
 * an unsafe protocol (javascript:, data:...) are emptied. Markdown only produces URLs in `href` and `src`.
 */
function neutralise(parent: Root | Element): void {
  parent.children = parent.children.map((child): RootContent => {
    if (child.type === 'raw') return { type: 'text', value: child.value };
    if (child.type === 'element') {
      for (const name of ['href', 'src'] as const) {
        const value = child.properties[name];
        if (value !== undefined && value !== null) child.properties[name] = defaultUrlTransform(String(value));
      }
      neutralise(child);
    }
    return child;
  }) as typeof parent.children;
}

export interface MarkdownOptions {
  /** Colour fenced code by its language (costs more: left off while a message streams). */
  highlight: boolean;
  components: Partial<Components>;
}

/**
 * Markdown as React elements (a fragment of the blocks). React elements are never HTML strings, so nothing
 * the model writes reaches innerHTML.
 */
export function markdownElements(text: string, { highlight, components }: MarkdownOptions): ReactElement {
  const tree = processor.runSync(processor.parse(text));
  neutralise(tree);
  if (highlight) highlightCodeBlocks(tree);
  return toJsxRuntime(tree, { Fragment, jsx, jsxs, components, ignoreInvalidStyle: true, passKeys: true }) as ReactElement;
}
