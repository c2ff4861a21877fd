import { memo, useDeferredValue, useMemo, useRef, type ReactElement, type ReactNode } from 'react';
import { CopyButton } from '../cells/CopyButton.js';
import type { Components } from 'hast-util-to-jsx-runtime';
import { markdownElements } from './markdownPipeline.js';
import { splitStreamingMarkdown, type StreamingSplit } from './streamingBlocks.js';

/** A fenced code block with a Copy button; the text is read from the page at the click, as the person sees it. */
function CodeBlock({ children }: { children?: ReactNode }) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="code-block">
      <pre ref={pre}>{children}</pre>
      <CopyButton text={() => pre.current?.textContent ?? ''} label="Copy code" className="code-block__copy" />
    </div>
  );
}

const components: Partial<Components> = {
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
  // Links open outside the app window (the host opens them in the person's browser).
  a: ({ children, href, title }) => (
    <a href={href} title={title} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  ),
  // The CSP lets no outside image load; a link to it says what was meant without fetching anything.
  img: ({ src, alt }) =>
    typeof src === 'string' && src !== '' ? (
      <a href={src} target="_blank" rel="noreferrer noopener">
        {alt || src}
      </a>
    ) : (
      <span>{alt}</span>
    ),
};

/**
 * Rendered messages by text, least recently used first. A virtualised list mounts a row again each time it
 * scrolls into view; reusing the element tree keeps scrolling from parsing the same markdown over and over.
 * Room for a few thousand messages (a few MB) covers scrolling up and down a long conversation.
 */
const cache = new Map<string, ReactElement>();
const CACHE_ENTRIES = 5000;

/** A final message: full Markdown with highlighted code, built once per text. */
export function renderMarkdown(text: string): ReactElement {
  const hit = cache.get(text);
  if (hit) {
    cache.delete(text);
    cache.set(text, hit);
    return hit;
  }
  const element = markdownElements(text, { highlight: true, components });
  cache.set(text, element);
  if (cache.size > CACHE_ENTRIES) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  return element;
}

/**
 * Runs the parser and the highlighter once on a small sample, while the page has nothing else to do: the
 * first parse pays for compiling the parser's code and the commonest grammars, which would otherwise fall
 * on the first conversation drawn.
 */
export function warmUpMarkdown(): void {
  const sample = [
    '# Title\n\nSome **bold**, `code`, a [link](https://example.com) and ~~this~~.\n\n- one\n- [x] two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
    '```ts\nexport const a: number = 1;\n```\n\n```bash\nnpm test -- --run\n```\n\n```json\n{ "a": [1, true, null] }\n```\n\n```python\ndef f(x):\n    return x\n```\n',
  ].join('\n');
  markdownElements(sample, { highlight: true, components });
}

/** A block of a streaming message that later text can no longer change: parsed once, when it settles. */
const SettledBlock = memo(function SettledBlock({ text }: { text: string }) {
  return markdownElements(text, { highlight: true, components });
});

/** The block still growing: re-parsed as it grows, without highlighting; an open code fence is shown as is. */
function GrowingBlock({ split }: { split: StreamingSplit }) {
  if (split.openFence) {
    const { language, code } = split.openFence;
    return (
      <pre>
        <code className={language ? `language-${language}` : undefined}>{code}</code>
      </pre>
    );
  }
  return split.tail.trim() === '' ? null : markdownElements(split.tail, { highlight: false, components });
}

/**
 * A message as it streams in. Each delta would otherwise re-parse the whole text, which grows the cost of a
 * frame with the message (quadratic over the stream): only the last block is parsed again.
 */
function StreamingMarkdown({ text }: { text: string }) {
  const last = useRef<StreamingSplit | undefined>(undefined);
  const split = useMemo(() => splitStreamingMarkdown(text, last.current), [text]);
  last.current = split;
  return (
    <div className="markdown">
      {split.settled.map((block, index) => (
        <SettledBlock key={index} text={block} />
      ))}
      <GrowingBlock key="growing" split={split} />
    </div>
  );
}

/**
 * Markdown, as React elements: raw HTML in the model's text is shown as text and unsafe link targets
 * (javascript:) are dropped, so nothing needs sanitising. Rendered whole and highlighted once it is final;
 * while it streams, block by block.
 */
export const MarkdownText = memo(function MarkdownText({ text, streaming = false }: { text: string; streaming?: boolean }) {
  // When a message completes, its final text is first drawn block by block like the stream (its blocks are
  // parsed already), and the whole-text render, which takes long for a long message, follows in a render
  // of its own instead of holding up the frame that shows the end of the message.
  const blockByBlock = useDeferredValue(streaming);
  return blockByBlock ? <StreamingMarkdown text={text} /> : <div className="markdown">{renderMarkdown(text)}</div>;
});
