import type { TandemApi } from '../../shared/host/contract.js';
import { beginDraft, pushCell } from '../conversation/draft.js';
import { emptySessionView } from '../conversation/sessionView.js';
import type { AppActions, AppState } from './appStore.js';

/** An image waiting in the composer to go with the next message. */
export interface ComposerImage {
  id: string;
  /** A data URL that fits the protocol's limits (see shared/protocol/images.ts). */
  url: string;
  /** The file's name, or what it was pasted as. */
  name: string;
}

/** What a search for @-mentions found, or why it found nothing. */
export type FileSearchAnswer = { ok: true; paths: string[]; matched: number } | { ok: false; problem: string };

export interface ComposerState {
  /** Images attached to the next message, by session, kept across switching sessions like the drafts. */
  composerImages: Record<string, ComposerImage[]>;
}

export interface ComposerActions {
  attachImages(sessionId: string, images: Omit<ComposerImage, 'id'>[]): void;
  removeImage(sessionId: string, imageId: string): void;
  clearImages(sessionId: string): void;
  /** The project's files that fit what follows an `@`, best first. */
  searchFiles(sessionId: string, query: string, limit?: number): Promise<FileSearchAnswer>;
  /**
   * Says something to the person in the conversation (a slash command's answer): the window's words, never
   * sent to the model nor kept in the session file.
   */
  showLocalNotice(sessionId: string, text: string, advice?: string | null, level?: 'info' | 'warning'): void;
}

type Full = AppState & AppActions;
type Set = (partial: Partial<Full> | ((state: Full) => Partial<Full>)) => void;
type Get = () => Full;

let imageNumber = 0;

/** The composer's own state: attached images, @-mention searches and the answers of slash commands. */
export function createComposerSlice(api: TandemApi, set: Set, get: Get): ComposerState & ComposerActions {
  const notice = (sessionId: string, text: string, advice: string | null, level: 'info' | 'warning') => {
    const view = get().sessions[sessionId] ?? emptySessionView(sessionId);
    const draft = beginDraft(view);
    pushCell(draft, { kind: 'notice', level, text, advice, detail: null });
    set((state) => ({ sessions: { ...state.sessions, [sessionId]: draft } }));
  };

  return {
    composerImages: {},

    attachImages(sessionId, images) {
      if (images.length === 0) return;
      set((state) => ({
        composerImages: {
          ...state.composerImages,
          [sessionId]: [...(state.composerImages[sessionId] ?? []), ...images.map((image) => ({ ...image, id: `image-${++imageNumber}` }))],
        },
      }));
    },

    removeImage(sessionId, imageId) {
      set((state) => ({
        composerImages: { ...state.composerImages, [sessionId]: (state.composerImages[sessionId] ?? []).filter((image) => image.id !== imageId) },
      }));
    },

    clearImages(sessionId) {
      set((state) => {
        if (!state.composerImages[sessionId]) return {};
        const composerImages = { ...state.composerImages };
        delete composerImages[sessionId];
        return { composerImages };
      });
    },

    async searchFiles(sessionId, query, limit = 50) {
      try {
        const { paths, matched } = await api.request('list_files', { session_id: sessionId, query, limit });
        return { ok: true, paths, matched };
      } catch (err) {
        return { ok: false, problem: err instanceof Error ? err.message : String(err) };
      }
    },

    showLocalNotice(sessionId, text, advice = null, level = 'info') {
      notice(sessionId, text, advice, level);
    },
  };
}
