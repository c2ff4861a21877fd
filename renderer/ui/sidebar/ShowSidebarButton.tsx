import { useApp } from '../../store/StoreContext.js';

/** Brings the hidden sessions sidebar back; shown in a screen's header only while it is hidden. */
export function ShowSidebarButton() {
  const open = useApp((s) => s.sidebar.open);
  const setSidebar = useApp((s) => s.setSidebar);
  if (open) return null;
  return (
    <button type="button" className="icon-button" aria-label="Show the sessions sidebar" title="Show the sessions sidebar (Ctrl+B)" onClick={() => setSidebar({ open: true })}>
      <svg viewBox="0 0 16 16" aria-hidden="true">
        <path d="M2.5 3.5h11M2.5 8h11M2.5 12.5h11" />
      </svg>
    </button>
  );
}
