import { memo, useEffect, useRef } from 'react';
import type { ApprovalCell, Cell } from '../../conversation/cells.js';
import { foldHidesMatch } from '../../conversation/find.js';
import { revealTarget, type SearchHitReveal } from '../../conversation/findReveal.js';
import { foldKey } from '../cells/useToggle.js';
import type { SessionView } from '../../conversation/sessionView.js';
import { describeStatus, historyEditBlocker } from '../../conversation/status.js';
import { useApp } from '../../store/StoreContext.js';
import type { SlashCommand } from '../../composer/slashCommands.js';
import { useSlashCommands } from '../composer/useSlashCommands.js';
import { SettingsButton } from '../settings/SettingsButton.js';
import { ShowSidebarButton } from '../sidebar/ShowSidebarButton.js';
import { ApprovalSwitch } from '../settings/ApprovalSwitch.js';
import { KeyNotice } from '../settings/KeyNotice.js';
import { ModelPicker } from '../settings/ModelPicker.js';
import { folderName } from '../start/folderName.js';
import { ApprovalCard } from './ApprovalCard.js';
import { CellList, type CellListHandle } from './CellList.js';
import { Composer } from './Composer.js';
import { ConversationMenu, type ConversationAction } from './ConversationMenu.js';
import { useConversationKeys } from './useConversationKeys.js';
import { StatusLine } from './StatusLine.js';
import { FindBar } from '../find/FindBar.js';
import { useFind } from '../find/useFind.js';
import { ReviewDialog } from '../review/ReviewDialog.js';

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

const NO_CELLS: Cell[] = [];

interface SessionComposerProps {
  sessionId: string;
  sendMessage: (text: string, images: readonly string[]) => Promise<boolean>;
  commands: readonly SlashCommand[];
  busy: boolean;
  disabled: boolean;
  cardShowing: boolean;
  canSend: boolean;
  refill: string | null;
  onRefillTaken: (sessionId: string) => void;
}

/**
 * The composer with what it keeps per session (the draft, the attached images). It reads them from the store
 * itself, and is memoised, so that a keystroke renders the composer alone, never the conversation above it.
 */
const SessionComposer = memo(function SessionComposer({ sessionId, sendMessage, commands, busy, disabled, cardShowing, canSend, refill, onRefillTaken }: SessionComposerProps) {
  const draft = useApp((s) => s.drafts[sessionId] ?? '');
  const setDraft = useApp((s) => s.setDraft);
  const searchFiles = useApp((s) => s.searchFiles);
  const images = useApp((s) => s.composerImages[sessionId]);
  const attachImages = useApp((s) => s.attachImages);
  const removeImage = useApp((s) => s.removeImage);
  const clearImages = useApp((s) => s.clearImages);
  return (
    <Composer
      onSend={async (text, attached) => {
        const sent = await sendMessage(text, attached);
        if (sent) clearImages(sessionId);
        return sent;
      }}
      commands={commands}
      searchFiles={(query, limit) => searchFiles(sessionId, query, limit)}
      images={images}
      onAttachImages={(added) => attachImages(sessionId, added)}
      onRemoveImage={(id) => removeImage(sessionId, id)}
      busy={busy}
      disabled={disabled}
      cardShowing={cardShowing}
      canSend={canSend}
      refill={refill}
      onRefillTaken={() => onRefillTaken(sessionId)}
      draft={draft}
      onDraftChange={(text) => setDraft(sessionId, text)}
    />
  );
});

/**
 * One session's conversation. `reveal` shows a session search's hit: the finder opens on its words at the
 * cell holding it, once per nonce, as soon as the session's cells are there (a resumed session's arrive
 * after the screen does).
 */
export function ConversationScreen({ sessionId, reveal = null }: { sessionId: string; reveal?: SearchHitReveal | null }) {
  const view = useApp((s) => s.sessions[sessionId]);
  const folder = useApp((s) => s.sessionFolders[sessionId]);
  const sendMessage = useApp((s) => s.sendMessage);
  const interrupt = useApp((s) => s.interrupt);
  const answerApproval = useApp((s) => s.answerApproval);
  const undoFiles = useApp((s) => s.undoFiles);
  const undoFilesAndConversation = useApp((s) => s.undoFilesAndConversation);
  const compactConversation = useApp((s) => s.compactConversation);
  const takeComposerRefill = useApp((s) => s.takeComposerRefill);
  const openReview = useApp((s) => s.openReview);
  const exportConversation = useApp((s) => s.exportConversation);
  const commands = useSlashCommands(sessionId);

  const cells = view?.cells ?? NO_CELLS;
  const whole = (view?.replayFrom ?? 0) === 0;
  const loadWholeConversation = useApp((s) => s.loadWholeConversation);
  const list = useRef<CellListHandle>(null);
  const bar = useRef<HTMLDivElement>(null);
  const find = useFind(sessionId, cells, whole, list, bar);
  const appliedReveal = useRef<number | null>(null);
  const { showAt } = find;
  useEffect(() => {
    if (reveal && reveal.nonce !== appliedReveal.current && !whole) void loadWholeConversation(sessionId);
    const target = revealTarget(reveal, appliedReveal.current, cells, whole);
    if (!target) return;
    appliedReveal.current = target.nonce;
    // A session just resumed draws its rows and settles at its end over the next frames; a jump made before
    // that would be undone by it, so it waits for the second frame.
    let frame = requestAnimationFrame(() => {
      frame = requestAnimationFrame(() => showAt(target.query, target.index));
    });
    return () => cancelAnimationFrame(frame);
  }, [reveal, cells, whole, showAt, loadWholeConversation, sessionId]);

  // A match in a folded part (a command's output, say) is shown by opening the fold, once per jump.
  const toggle = useApp((s) => s.toggle);
  const jump = find.reveal;
  const jumpCell = jump?.index === null || jump?.index === undefined ? undefined : cells[jump.index];
  useEffect(() => {
    if (jump && jumpCell && foldHidesMatch(jumpCell, jump.query)) toggle(foldKey(sessionId, jumpCell.id), true);
    // Only a new jump opens a fold: the person may close it again while the finder stays on the match.
  }, [jump?.nonce]);

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
    { label: 'Review changes', description: 'Everything the agent changed in this session, turn by turn.', run: () => openReview('session'), always: true },
    { label: 'Export conversation', description: 'Save the conversation as a Markdown file.', run: () => void exportConversation(), always: true },
    'separator',
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
        <ShowSidebarButton />
        <div className="conversation__where" title={cwd}>
          <span className="conversation__project">{folderName(cwd)}</span>
          <span className="conversation__path">{cwd}</span>
        </div>
        <ModelPicker sessionModel={view.config?.model ?? null} />
        <ApprovalSwitch />
        <ConversationMenu actions={actions} blocker={historyEditBlocker(view)} />
        <SettingsButton />
      </header>

      <ReviewDialog sessionId={sessionId} />
      {find.open && <FindBar find={find} ref={bar} />}
      <CellList key={sessionId} cells={view.cells} sessionId={sessionId} reveal={find.reveal} ref={list} />

      <footer className="conversation__footer">
        <KeyNotice />
        {approval && <ApprovalCard request={approval} onAnswer={(decision) => void answerApproval(approval.callId, decision)} />}
        <StatusLine view={view} onStop={() => void interrupt()} />
        <SessionComposer
          sessionId={sessionId}
          sendMessage={sendMessage}
          commands={commands}
          busy={busy}
          disabled={view.closed}
          cardShowing={approval !== null}
          canSend={view.historyEdit === null}
          refill={view.composerRefill}
          onRefillTaken={takeComposerRefill}
        />
      </footer>
    </div>
  );
}
