import { useEffect } from 'react';
import { useApp } from './store/StoreContext.js';
import { ConversationScreen } from './ui/conversation/ConversationScreen.js';
import { DoorBanner } from './ui/door/DoorBanner.js';
import { SettingsDialog } from './ui/settings/SettingsDialog.js';
import { ShortcutsDialog } from './ui/ShortcutsDialog.js';
import { Sidebar } from './ui/sidebar/Sidebar.js';
import { StartScreen } from './ui/start/StartScreen.js';
import { Announcer, Toast } from './ui/Toast.js';
import { useDroppedFolders } from './ui/useDroppedFolders.js';
import { useGlobalKeys } from './ui/useGlobalKeys.js';
import { useTheme } from './ui/useTheme.js';

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
          {screen === 'conversation' && activeSessionId ? <ConversationScreen key={activeSessionId} sessionId={activeSessionId} reveal={reveal?.sessionId === activeSessionId ? reveal : null} /> : <StartScreen />}
        </div>
      </div>
      <Toast />
      <Announcer />
      <SettingsDialog />
      <ShortcutsDialog mac={mac} browser={browser} />
    </div>
  );
}
