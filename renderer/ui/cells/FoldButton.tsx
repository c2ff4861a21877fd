import type { ReactNode } from 'react';

/** The header of a foldable part: a button that says whether the part is open. */
export function FoldButton({ open, onToggle, children, controls }: { open: boolean; onToggle(open: boolean): void; children: ReactNode; controls?: string }) {
  return (
    <button type="button" className="fold" aria-expanded={open} aria-controls={controls} onClick={() => onToggle(!open)}>
      <svg className="fold__chevron" viewBox="0 0 16 16" aria-hidden="true">
        <path d="M6 4l4 4-4 4" />
      </svg>
      {children}
    </button>
  );
}
