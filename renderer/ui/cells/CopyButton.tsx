import { useEffect, useState } from 'react';

/**
 * Copies text to the clipboard and says so for a moment. `text` may be a function, read at the click, for text
 * that is only in the page (a rendered code block).
 */
export function CopyButton({ text, label, className = '' }: { text: string | (() => string); label: string; className?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1_500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(typeof text === 'function' ? text() : text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <button type="button" className={`copy-button ${className}`.trim()} aria-label={label} title={label} onClick={() => void copy()}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Could not copy' : 'Copy'}
    </button>
  );
}
