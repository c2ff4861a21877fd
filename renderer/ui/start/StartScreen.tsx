import { useState } from 'react';
import { useApp, useAppStore } from '../../store/StoreContext.js';
import { SettingsButton } from '../settings/SettingsButton.js';
import { ShowSidebarButton } from '../sidebar/ShowSidebarButton.js';
import { KeyNotice } from '../settings/KeyNotice.js';
import { BroadFolderDialog } from './BroadFolderDialog.js';
import { DropZone } from './DropZone.js';
import { FolderPathForm } from './FolderPathForm.js';
import { RecentProjects } from './RecentProjects.js';

export function StartScreen() {
  const store = useAppStore();
  const opening = useApp((s) => s.opening);
  const problem = useApp((s) => s.startProblem);
  const sessionToLookAt = useApp((s) => s.sessionToLookAt);
  const openReadOnly = useApp((s) => s.openReadOnly);
  const openFolder = useApp((s) => s.openFolder);
  const pickFolder = useApp((s) => s.pickFolder);
  const openDropped = useApp((s) => s.openDropped);
  const asksForPath = useApp((s) => s.startAsksForPath);
  const [chosenTyping, setTyping] = useState<null | 'no-picker' | 'no-drop-path'>(null);
  // Open Folder in the sidebar of a browser, which has no picker, comes here for a typed path.
  const typing = chosenTyping ?? (asksForPath ? 'no-picker' : null);

  const onDropFile = async (file: File) => {
    if (!(await openDropped(file))) setTyping('no-drop-path');
  };

  const onOpenFolder = async () => {
    const picked = await pickFolder();
    if (!picked && !store.getState().startProblem) setTyping('no-picker');
  };

  return (
    <main className="start">
      <header className="start__header">
        <ShowSidebarButton />
        <h1 className="start__title">Tandem</h1>
        <SettingsButton />
      </header>

      <KeyNotice />

      <DropZone onDropFile={(file) => void onDropFile(file)}>
        <p className="drop-zone__or">or</p>
        <button type="button" className="button button--primary" onClick={() => void onOpenFolder()} disabled={opening}>
          Open Folder
        </button>
        {typing && (
          <>
            <p className="drop-zone__hint">
              {typing === 'no-drop-path'
                ? 'This browser cannot tell Tandem where a dropped folder is. Type its path instead.'
                : 'Type the path of the project folder on the computer that runs Tandem.'}
            </p>
            <FolderPathForm onOpen={(path) => void openFolder(path)} disabled={opening} />
          </>
        )}
        {opening && <p className="drop-zone__hint" role="status">Opening…</p>}
      </DropZone>

      {problem && (
        <p className="start__problem" role="alert">
          {problem}
          {sessionToLookAt && (
            <button type="button" className="button start__problem-action" onClick={() => void openReadOnly()} disabled={opening}>
              Open read-only
            </button>
          )}
        </p>
      )}

      <div className="start__lists">
        <RecentProjects />
      </div>

      <BroadFolderDialog onChooseAnother={() => void onOpenFolder()} />
    </main>
  );
}
