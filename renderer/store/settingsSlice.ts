import type { ApprovalPreset, HostParams, HostResult, TandemApi } from '../../shared/host/contract.js';
import type { AppActions, AppState } from './appStore.js';

export type ConnectionTestResult = HostResult<'test_connection'>;

/** Which of the header's controls the window has opened for the person (/model, /approvals). */
export type HeaderControl = 'model' | 'approvals';

export interface SettingsSliceState {
  /**
   * Why the agent cannot answer until Settings change (no key, a refused key), shown as a notice with an "Open
   * Settings" button in the conversation and on the start screen. Settings never open by themselves: the
   * person may be typing, and what they type must not land in the key field.
   */
  keyNotice: string | null;
  /** The header control opened for the person; the control takes the focus, then says it is done. */
  headerControl: HeaderControl | null;
}

export interface SettingsSliceActions {
  /** Shows the notice that leads to Settings (see keyNotice), never Settings themselves. */
  noteKeyNeeded(reason: string): void;
  dismissKeyNotice(): void;
  /** The notice's "Open Settings": Settings with the notice's reason at their top. */
  openSettingsForKey(): void;
  /** Opens the header's model picker, as /model does. */
  openModelPicker(): void;
  /** Moves to the header's Ask / Auto / Full access switch, as /approvals does. */
  openApprovalSwitch(): void;
  closeHeaderControl(): void;
  /**
   * The model for every session from its next request, and for sessions opened later: saved as Settings'
   * model. Throws with the host's words when it was not saved.
   */
  chooseModel(model: string): Promise<void>;
  /** The approval preset, likewise for every session from its next request. */
  choosePreset(preset: ApprovalPreset): Promise<void>;
  /** Asks the host whether this base URL and key (the saved ones where absent) would work. */
  testConnection(params: HostParams<'test_connection'>): Promise<ConnectionTestResult>;
}

type Full = AppState & AppActions;
type Set = (partial: Partial<Full> | ((state: Full) => Partial<Full>)) => void;
type Get = () => Full;

/**
 * Settings as the window around the conversation offers them: the notice that leads to Settings, the header's
 * model picker and approval switch, the connection test. One slice of the app's store (see appStore.ts).
 */
export function createSettingsSlice(api: TandemApi, set: Set, get: Get): SettingsSliceState & SettingsSliceActions {
  return {
    keyNotice: null,
    headerControl: null,

    noteKeyNeeded(reason) {
      set({ keyNotice: reason });
    },

    dismissKeyNotice() {
      set({ keyNotice: null });
    },

    openSettingsForKey() {
      get().openSettings(get().keyNotice);
    },

    openModelPicker() {
      set({ headerControl: 'model' });
    },

    openApprovalSwitch() {
      set({ headerControl: 'approvals' });
    },

    closeHeaderControl() {
      set({ headerControl: null });
    },

    async chooseModel(model) {
      const name = model.trim();
      if (name === '' || name === get().settings?.model) return;
      await get().saveSettings({ model: name });
    },

    async choosePreset(preset) {
      if (preset === get().settings?.approval_preset) return;
      await get().saveSettings({ approval_preset: preset });
    },

    testConnection(params) {
      return api.request('test_connection', params);
    },
  };
}
