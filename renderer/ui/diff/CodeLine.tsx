import { memo } from 'react';
import { toJsxRuntime } from 'hast-util-to-jsx-runtime';
import { Fragment, jsx, jsxs } from 'react/jsx-runtime';
import { highlightLine } from '../markdown/highlighter.js';

/** A line of a file, coloured as its language would be; plain when the page has no grammar for it. */
export const CodeLine = memo(function CodeLine({ text, language }: { text: string; language: string | null }) {
  if (language === null || text === '') return <>{text === '' ? ' ' : text}</>;
  return toJsxRuntime(highlightLine(language, text), { Fragment, jsx, jsxs });
});
