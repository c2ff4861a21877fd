import { useMemo } from 'react';
import { SLASH_COMMAND_DESCRIPTIONS, helpLines, statusLines, type SlashCommand, type SlashCommandName } from '../../composer/slashCommands.js';
import { emptySessionView } from '../../conversation/sessionView.js';
import { historyEditBlocker } from '../../conversation/status.js';
import { useAppStore } from '../../store/StoreContext.js';

/**
 * The composer's slash commands for one session, each running a store action. /diff, /export, /model and
 * /approvals call actions other parts of the window provide (the review view, export, the header's pickers)
 * by name, and say plainly when this build has none.
 */
export function useSlashCommands(sessionId: string): SlashCommand[] {
  const store = useAppStore();
  return useMemo(() => {
    const state = () => store.getState();
    /** Runs a change of the conversation's history, or says why it cannot run now (a turn running, say). */
    const whenEditable = (command: string, run: () => void) => () => {
      const blocker = historyEditBlocker(state().sessions[sessionId] ?? emptySessionView(sessionId));
      if (blocker === null) run();
      else state().showLocalNotice(sessionId, `/${command} cannot run now: ${blocker}`, null, 'warning');
    };
    const actions: Record<SlashCommandName, () => void> = {
      new: () => void state().newSession(),
      compact: whenEditable('compact', () => void state().compactConversation()),
      undo: whenEditable('undo', () => void state().undoFiles()),
      diff: () => state().openReview('turn'),
      model: () => state().openModelPicker(),
      approvals: () => state().openApprovalSwitch(),
      export: () =>
        void state()
          .exportConversation()
          .catch((err: unknown) => state().showLocalNotice(sessionId, '/export did not work.', err instanceof Error ? err.message : String(err), 'warning')),
      status: () => {
        const { sessions, sessionFolders } = state();
        const view = sessions[sessionId] ?? emptySessionView(sessionId);
        state().showLocalNotice(sessionId, statusLines(view, sessionFolders[sessionId] ?? '').join('\n'));
      },
      help: () => {
        state().showLocalNotice(sessionId, helpLines(commands).join('\n'), 'The keyboard shortcuts are shown too; Ctrl+/ (Cmd+/ on macOS) shows them again.');
        state().openShortcuts(true);
      },
    };
    const commands: SlashCommand[] = (Object.keys(actions) as SlashCommandName[]).map((name) => ({
      name,
      description: SLASH_COMMAND_DESCRIPTIONS[name],
      run: actions[name],
    }));
    return commands;
  }, [store, sessionId]);
}
