import { useEffect } from 'react';
import { useApp } from '../store/StoreContext.js';

/**
 * Applies the theme chosen in Settings: `light` or `dark` pin the colours (data-theme on the root element,
 * which the style sheet reads), `system` leaves them to prefers-color-scheme.
 */
export function useTheme(): void {
  const theme = useApp((s) => s.settings?.theme ?? 'system');
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
