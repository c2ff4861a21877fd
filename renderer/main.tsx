import './zodSetup.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { getApi } from './api/getApi.js';
import { App } from './App.js';
import { createAppStore } from './store/appStore.js';
import { AppStoreProvider } from './store/StoreContext.js';
import { warmUpMarkdown } from './ui/markdown/Markdown.js';

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html has no #root');

// A file dropped outside the drop zone would otherwise make the window navigate to it.
for (const type of ['dragover', 'drop'] as const) {
  window.addEventListener(type, (event) => event.preventDefault());
}

// `tandem serve` links to a session it opened with `?session=ID`.
const initialSessionId = new URLSearchParams(window.location.search).get('session');
const store = createAppStore(getApi(), { initialSessionId });
// The start screen is idle while the person chooses: compile the Markdown code then, not on the first message.
if (typeof requestIdleCallback === 'function') requestIdleCallback(() => warmUpMarkdown(), { timeout: 2_000 });
else setTimeout(warmUpMarkdown, 500);

createRoot(rootElement).render(
  <StrictMode>
    <AppStoreProvider store={store}>
      <App />
    </AppStoreProvider>
  </StrictMode>,
);
