import { lazy, Suspense, useEffect } from 'react';
import type * as ConversationChunk from './ui/conversation/ConversationScreen.js';
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
/** The conversation's chunk once loaded: drawn directly then, since a Suspense boundary holds its content back. */
let loadedConversation: typeof ConversationChunk.ConversationScreen | null = null;
export const loadConversationScreen = (): Promise<typeof ConversationChunk> =>
  import('./ui/conversation/ConversationScreen.js').then((module) => {
    loadedConversation = module.ConversationScreen;
    return module;
  });
const LazyConversationScreen = lazy(() => loadConversationScreen().then((module) => ({ default: module.ConversationScreen })));

/**
 * The conversation, from its chunk. Once the chunk is here (the start screen loads it while idle) it is drawn at
 * once: React keeps a boundary's fallback up for a while once shown, which would hold back a session's first paint.
 */
function ConversationScreen(props: Parameters<typeof ConversationChunk.ConversationScreen>[0]) {
  const Loaded = loadedConversation;
  return Loaded ? <Loaded {...props} /> : <LazyConversationScreen {...props} />;
}

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
