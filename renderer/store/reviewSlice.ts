import type { TandemApi } from '../../shared/host/contract.js';
import type { Cell, TurnDiffCell } from '../conversation/cells.js';
import { conversationMarkdown, exportFileName } from '../conversation/exportMarkdown.js';
import type { AppActions, AppState } from './appStore.js';
import { downloadText } from './downloadText.js';

/** What the review view shows: one turn's changes (by its diff cell), or every turn's so far. */
export type ReviewScope = 'turn' | 'session';

export interface ReviewTarget {
  sessionId: string;
  scope: ReviewScope;
  /** The turn diff cell of the turn shown (scope `turn`); null when the session has no changes yet. */
  cellId: string | null;
}

export interface ReviewState {
  review: ReviewTarget | null;
  /** Reverts under way, by revertKey(sessionId, turnId, path). */
  reverting: Record<string, true>;
}

export interface ReviewActions {
  /**
   * Opens the review view on the session shown: `turn`, the turn of `cellId` (a turn diff cell), or by default
   * the latest turn that changed files; `session`, every turn's changes so far. /diff calls this.
   */
  openReview(scope: ReviewScope, cellId?: string): void;
  closeReview(): void;
  /** Puts one file back as it was before a turn (the host's revert_file); a refusal shows as a notice. */
  revertFile(sessionId: string, turnId: string, path: string): Promise<void>;
  /** Writes the conversation shown as Markdown: the save dialog under Electron, a download in a browser. /export calls this. */
  exportConversation(): Promise<void>;
}

type Full = AppState & AppActions;
type Set = (partial: Partial<Full> | ((state: Full) => Partial<Full>)) => void;
type Get = () => Full;

export function revertKey(sessionId: string, turnId: string, path: string): string {
  return `${sessionId}\n${turnId}\n${path}`;
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function latestTurnDiff(cells: readonly Cell[]): TurnDiffCell | null {
  for (let i = cells.length - 1; i >= 0; i -= 1) {
    const cell = cells[i];
    if (cell?.kind === 'turn_diff') return cell;
  }
  return null;
}

/** The session's title for an export: its first request, on one line. */
function titleOf(cells: readonly Cell[]): string {
  const first = cells.find((cell) => cell.kind === 'user');
  const line = first?.kind === 'user' ? first.text.split('\n')[0]?.trim() ?? '' : '';
  return line.length > 80 ? `${line.slice(0, 77)}...` : line || 'Conversation';
}

/** Reviewing what the agent changed, putting files back, and exporting the conversation: one slice of the app's store. */
export function createReviewSlice(api: TandemApi, set: Set, get: Get): ReviewState & ReviewActions {
  const problem = (text: string) => set({ toast: { kind: 'problem', text } });

  return {
    review: null,
    reverting: {},

    openReview(scope, cellId) {
      const sessionId = get().activeSessionId;
      if (!sessionId) return;
      const cells = get().sessions[sessionId]?.cells ?? [];
      const chosen = cellId !== undefined ? cells.find((cell) => cell.id === cellId && cell.kind === 'turn_diff') : latestTurnDiff(cells);
      set({ review: { sessionId, scope, cellId: chosen?.id ?? null } });
      // Every turn's changes: the turns of a resumed session not drawn yet come in while the view is open.
      if (scope === 'session') void get().loadWholeConversation(sessionId);
    },

    closeReview() {
      set({ review: null });
    },

    async revertFile(sessionId, turnId, path) {
      const key = revertKey(sessionId, turnId, path);
      if (get().reverting[key]) return;
      set((state) => ({ reverting: { ...state.reverting, [key]: true } }));
      try {
        // The turn's cells are drawn before its file_reverted comes to mark them.
        await get().loadWholeConversation(sessionId);
        // The file_reverted event that follows marks the file, in this window and any other.
        await api.request('revert_file', { session_id: sessionId, turn_id: turnId, path });
      } catch (err) {
        problem(`Tandem could not revert ${path}: ${errorText(err)}`);
      } finally {
        set((state) => {
          const { [key]: _done, ...rest } = state.reverting;
          return { reverting: rest };
        });
      }
    },

    async exportConversation() {
      const sessionId = get().activeSessionId;
      if (sessionId) await get().loadWholeConversation(sessionId);
      const view = sessionId ? get().sessions[sessionId] : undefined;
      if (!view) return;
      const at = new Date();
      const title = titleOf(view.cells);
      const text = conversationMarkdown(view.cells, { title, cwd: view.config?.cwd ?? get().sessionFolders[view.sessionId] ?? '', model: view.config?.model ?? null, at });
      const name = exportFileName(title, at);
      try {
        if (api.door === 'ipc') {
          const { path } = await api.request('save_text_file', { suggested_name: name, content: text });
          if (path !== null) get().announce(`Exported the conversation to ${path}.`);
          return;
        }
        downloadText(name, text);
        get().announce(`Exported the conversation as ${name}.`);
      } catch (err) {
        problem(`Tandem could not export the conversation: ${errorText(err)}`);
      }
    },
  };
}
