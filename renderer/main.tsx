import './zodSetup.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api/getApi.js';
import { App, loadConversationScreen } from './App.js';
import { watchAttention } from './attention/watchAttention.js';
import { createAppStore } from './store/appStore.js';
import { lastSessionShown, sessionInAddress, syncPlaceWithAddress } from './store/place.js';
import { AppStoreProvider } from './store/StoreContext.js';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root');

// A file dropped outside the drop zone would otherwise make the window navigate to it.
for (const type of ['dragover', 'drop'] as const) {
  window.addEventListener(type, (event) => event.preventDefault());
}

// The address names the session shown (`tandem serve` links to the one it opened, and a reload keeps it); a
// desktop window with no session in its address goes back to the one shown when it last closed.
const api = getApi();
const initialSessionId = sessionInAddress(window.location.search) ?? (api.door === 'ipc' ? lastSessionShown() : null);
const store = createAppStore(api, { initialSessionId, conversationViewLoaded: loadConversationScreen });
syncPlaceWithAddress(store);
watchAttention(store, api);
api.onShowShortcuts?.(() => store.getState().openShortcuts(true));
// The start screen is idle while the person chooses: load the conversation's chunk and compile the Markdown code
// then, not on the first message.
const warmUp = () => {
  void loadConversationScreen()
    .then(() => import('./ui/markdown/Markdown.js'))
    .then((markdown) => markdown.warmUpMarkdown());
};
if (typeof requestIdleCallback === 'function') requestIdleCallback(warmUp, { timeout: 2_000 });
else setTimeout(warmUp, 500);

createRoot(rootElement).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App browser={api.door === 'websocket'} />
    </AppStoreProvider>
  </StrictMode>,
);
