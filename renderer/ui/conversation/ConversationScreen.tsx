import type { ApprovalCell } from '../../conversation/cells.js';
import type { SessionView } from '../../conversation/sessionView.js';
import { describeStatus, historyEditBlocker } from '../../conversation/status.js';
import { useApp } from '../../store/StoreContext.js';
import { SettingsButton } from '../settings/SettingsButton.js';
import { folderName } from '../start/folderName.js';
import { ApprovalCard } from './ApprovalCard.js';
import { CellList } from './CellList.js';
import { Composer } from './Composer.js';
import { ConversationMenu, type ConversationAction } from './ConversationMenu.js';
import { useConversationKeys } from './useConversationKeys.js';
import { StatusLine } from './StatusLine.js';

/** The approval the agent waits on first, if any. */
function firstPendingApproval(view: SessionView): ApprovalCell | null {
  const callId = view.turn.pendingApprovalCallIds[0];
  if (callId === undefined) return null;
  for (let i = view.cells.length - 1; i >= 0; i -= 1) {
    const cell = view.cells[i];
    if (cell?.kind === 'approval' && cell.callId === callId && cell.state === 'pending') return cell;
  }
  return null;
}

export function ConversationScreen({ sessionId }: { sessionId: string }) {
  const view = useApp((s) => s.sessions[sessionId]);
  const folder = useApp((s) => s.sessionFolders[sessionId]);
  const sidebarOpen = useApp((s) => s.sidebar.open);
  const setSidebar = useApp((s) => s.setSidebar);
  const draft = useApp((s) => s.drafts[sessionId] ?? '');
  const setDraft = useApp((s) => s.setDraft);
  const sendMessage = useApp((s) => s.sendMessage);
  const interrupt = useApp((s) => s.interrupt);
  const answerApproval = useApp((s) => s.answerApproval);
  const undoFiles = useApp((s) => s.undoFiles);
  const undoFilesAndConversation = useApp((s) => s.undoFilesAndConversation);
  const compactConversation = useApp((s) => s.compactConversation);
  const takeComposerRefill = useApp((s) => s.takeComposerRefill);

  const approval = view ? firstPendingApproval(view) : null;
  const busy = view ? describeStatus(view, Date.now()).busy : false;

  useConversationKeys({
    approval,
    busy,
    onAnswer: (decision) => approval && void answerApproval(approval.callId, decision),
    onStop: () => void interrupt(),
  });

  const cwd = view?.config?.cwd ?? folder ?? '';

  if (!view) return null;
  const actions: (ConversationAction | 'separator')[] = [
    { label: 'Undo files', description: 'Put the files back as they were before the last turn.', run: () => void undoFiles() },
    {
      label: 'Undo files and conversation',
      description: 'Also take the last turn out of the conversation, and get your message back to change it.',
      run: () => void undoFilesAndConversation(),
    },
    'separator',
    {
      label: 'Compact conversation',
      description: 'Have the model summarise the conversation so far, to free its context.',
      run: () => void compactConversation(),
    },
  ];
  return (
    <div className="conversation">
      <header className="conversation__header">
        {!sidebarOpen && (
          <button type="button" className="icon-button" aria-label="Show the sessions sidebar" title="Show the sessions sidebar (Ctrl+B)" onClick={() => setSidebar({ open: true })}>
            <svg viewBox="0 0 16 16" aria-hidden="true">
              <path d="M2.5 3.5h11M2.5 8h11M2.5 12.5h11" />
            </svg>
          </button>
        )}
        <div className="conversation__where" title={cwd}>
          <span className="conversation__project">{folderName(cwd)}</span>
          <span className="conversation__path">{cwd}</span>
        </div>
        {view.config && <span className="conversation__model">{view.config.model}</span>}
        <ConversationMenu actions={actions} blocker={historyEditBlocker(view)} />
        <SettingsButton />
      </header>

      <CellList key={sessionId} cells={view.cells} sessionId={sessionId} />

      <footer className="conversation__footer">
        {approval && <ApprovalCard request={approval} onAnswer={(decision) => void answerApproval(approval.callId, decision)} />}
        <StatusLine view={view} onStop={() => void interrupt()} />
        <Composer
          onSend={sendMessage}
          busy={busy}
          disabled={view.closed}
          cardShowing={approval !== null}
          canSend={view.historyEdit === null}
          refill={view.composerRefill}
          onRefillTaken={() => takeComposerRefill(sessionId)}
          draft={draft}
          onDraftChange={(text) => setDraft(sessionId, text)}
        />
      </footer>
    </div>
  );
}
