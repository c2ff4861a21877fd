import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownText } from './Markdown.js';

const html = (text: string, streaming = false) => renderToStaticMarkup(createElement(MarkdownText, { text, streaming }));

describe('MarkdownText', () => {
  it('renders GFM: emphasis, lists, tables, strikethrough', () => {
    const out = html('Some **bold** and ~~gone~~.\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    expect(out).toContain('<strong>bold</strong>');
    expect(out).toContain('<del>gone</del>');
    expect(out).toContain('<li>one</li>');
    expect(out).toContain('<td>2</td>');
  });

  it('highlights fenced code in the languages it knows and leaves others plain', () => {
    const out = html('```ts\nconst answer: number = 42;\n```\n\n```cobol\nDISPLAY "HI".\n```');
    expect(out).toContain('<code class="hljs language-ts">');
    expect(out).toContain('<span class="hljs-keyword">const</span>');
    expect(out).toContain('<code class="language-cobol">DISPLAY &quot;HI&quot;.\n</code>');
  });

  it('shows raw HTML as text and drops unsafe link targets', () => {
    const out = html('<img src=x onerror="alert(1)"> and [click](javascript:alert(1)) and [ok](https://example.com/a)');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(out).toContain('<a href="" target="_blank" rel="noreferrer noopener">click</a>');
    expect(out).toContain('<a href="https://example.com/a" target="_blank" rel="noreferrer noopener">ok</a>');
  });

  it('turns an image into a link to it, so nothing is fetched', () => {
    expect(html('![the chart](https://example.com/chart.png)')).toContain(
      '<a href="https://example.com/chart.png" target="_blank" rel="noreferrer noopener">the chart</a>',
    );
  });

  it('while streaming, shows settled blocks as Markdown and an open code fence as plain code', () => {
    const out = html('Intro with `code`.\n\n```python\nprint("hi")\n', true);
    expect(out).toContain('<p>Intro with <code>code</code>.</p>');
    expect(out).toContain('<pre><code class="language-python">print(&quot;hi&quot;)\n</code></pre>');
  });

  it('while streaming, renders the same blocks as the final text for plain paragraphs and fences', () => {
    const text = 'First *one*.\n\nSecond, with a [link](https://example.com).\n\n```bash\nnpm test\n```\nLast.';
    // Only the line breaks between blocks differ: the whole text has them as text nodes.
    const strip = (markup: string) => markup.replace(/>\s+</g, '><');
    expect(strip(html(text, true))).toBe(strip(html(text)));
  });
});
