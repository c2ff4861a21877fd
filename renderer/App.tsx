import { useEffect } from 'react';
import { useApp } from './store/StoreContext.js';
import { ConversationScreen } from './ui/conversation/ConversationScreen.js';
import { DoorBanner } from './ui/door/DoorBanner.js';
import { SettingsDialog } from './ui/settings/SettingsDialog.js';
import { StartScreen } from './ui/start/StartScreen.js';

export function App() {
  const screen = useApp((s) => s.screen);
  const activeSessionId = useApp((s) => s.activeSessionId);
  const loadStart = useApp((s) => s.loadStart);

  useEffect(() => {
    void loadStart();
  }, [loadStart]);

  return (
    <div className="app">
      <DoorBanner />
      {screen === 'conversation' && activeSessionId ? <ConversationScreen sessionId={activeSessionId} /> : <StartScreen />}
      <SettingsDialog />
    </div>
  );
}
