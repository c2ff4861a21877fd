import { useEffect } from 'react';
import { useAppStore } from '../store/StoreContext.js';

/**
 * A folder dropped anywhere on the window opens as a project. Where the page cannot know a dropped folder's
 * path (a browser), the start screen says so and takes a typed path.
 */
export function useDroppedFolders(): void {
  const store = useAppStore();
  useEffect(() => {
    const onDrop = (event: DragEvent) => {
      // The start screen's drop zone handles its own drops. (The page already stops every drop from navigating.)
      if (event.target instanceof Element && event.target.closest('.drop-zone')) return;
      const file = event.dataTransfer?.files[0];
      if (!file) return;
      event.preventDefault();
      void store
        .getState()
        .openDropped(file)
        .then((opened) => {
          if (!opened) store.getState().showStart(true);
        });
    };
    window.addEventListener('drop', onDrop);
    return () => window.removeEventListener('drop', onDrop);
  }, [store]);
}
