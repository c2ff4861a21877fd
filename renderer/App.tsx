import { lazy, Suspense, useEffect } from 'react';
import { useApp } from './store/StoreContext.js';
import { DoorBanner } from './ui/door/DoorBanner.js';
import { SettingsDialog } from './ui/settings/SettingsDialog.js';
import { ShortcutsDialog } from './ui/ShortcutsDialog.js';
import { Sidebar } from './ui/sidebar/Sidebar.js';
import { StartScreen } from './ui/start/StartScreen.js';
import { Announcer, Toast } from './ui/Toast.js';
import { useDroppedFolders } from './ui/useDroppedFolders.js';
import { useGlobalKeys } from './ui/useGlobalKeys.js';
import { useTheme } from './ui/useTheme.js';

/**
 * The conversation (its cells, Markdown, highlighting, diffs) is a chunk of its own: the start screen paints
 * without it, and main.tsx loads it while the start screen is idle.
 */
export const loadConversationScreen = () => import('./ui/conversation/ConversationScreen.js');
const ConversationScreen = lazy(() => loadConversationScreen().then((module) => ({ default: module.ConversationScreen })));

const mac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

export function App({ browser }: { browser: boolean }) {
  const screen = useApp((s) => s.screen);
  const activeSessionId = useApp((s) => s.activeSessionId);
  const loadStart = useApp((s) => s.loadStart);
  const reveal = useApp((s) => s.reveal);

  useEffect(() => {
    void loadStart();
  }, [loadStart]);
  useGlobalKeys(mac);
  useTheme();
  useDroppedFolders();

  return (
    <div className="app">
      <DoorBanner />
      <div className="workspace">
        <Sidebar browser={browser} />
        <div className="workspace__main">
          {/* Keyed by session: each keeps its own scroll position and draft, and switching draws the new one afresh. */}
          {screen === 'conversation' && activeSessionId ? (
            <Suspense fallback={null}>
              <ConversationScreen key={activeSessionId} sessionId={activeSessionId} reveal={reveal?.sessionId === activeSessionId ? reveal : null} />
            </Suspense>
          ) : (
            <StartScreen />
          )}
        </div>
      </div>
      <Toast />
      <Announcer />
      <SettingsDialog />
      <ShortcutsDialog mac={mac} browser={browser} />
    </div>
  );
}
