import { memo, type ReactElement } from 'react';
// react-markdown turns markdown into React elements, never HTML strings: raw HTML in the model's text is
// shown as text and unsafe link targets (javascript:) are dropped, so nothing needs sanitising.
import Markdown, { type Components, type Options } from 'react-markdown';
// GFM: the tables, task lists and strikethrough models write all the time.
import remarkGfm from 'remark-gfm';
// highlight.js grammars through lowlight, as hast: no innerHTML and no eval, so the strict CSP holds.
import rehypeHighlight from 'rehype-highlight';

const components: Components = {
  // Links open outside the app window (the host opens them in the person's browser).
  a: ({ node: _node, children, href, title }) => (
    <a href={href} title={title} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
  // The CSP lets no outside image load; a link to it says what was meant without fetching anything.
  img: ({ node: _node, src, alt }) =>
    typeof src === 'string' && src !== '' ? (
      <a href={src} target="_blank" rel="noreferrer noopener">
        {alt || src}
      </a>
    ) : (
      <span>{alt}</span>
    ),
};

const remarkPlugins: Options['remarkPlugins'] = [remarkGfm];
const highlighted: Options['rehypePlugins'] = [[rehypeHighlight, { detect: false }]];
const plain: Options['rehypePlugins'] = [];

/**
 * Rendered messages by text. A virtualised list mounts a row again each time it scrolls into view; reusing
 * the element tree keeps scrolling from parsing the same markdown over and over.
 */
const cache = new Map<string, ReactElement>();
const CACHE_ENTRIES = 400;

function render(text: string, highlight: boolean): ReactElement {
  // Markdown is a plain function with no hooks, so its element tree can be built once and kept.
  return Markdown({ children: text, remarkPlugins, rehypePlugins: highlight ? highlighted : plain, components });
}

export function renderMarkdown(text: string): ReactElement {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const element = render(text, true);
  cache.set(text, element);
  if (cache.size > CACHE_ENTRIES) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return element;
}

/**
 * Markdown, highlighted once it is final. While it streams, the text changes every frame: it is parsed
 * without highlighting and not kept.
 */
export const MarkdownText = memo(function MarkdownText({ text, streaming = false }: { text: string; streaming?: boolean }) {
  return <div className="markdown">{streaming ? render(text, false) : renderMarkdown(text)}</div>;
});
