import { useEffect, useRef } from 'react';
import type { ReviewDecision } from '../../../shared/protocol/index.js';
import type { ApprovalCell } from '../../conversation/cells.js';
import { useAppStore } from '../../store/StoreContext.js';

interface Keys {
  approval: ApprovalCell | null;
  busy: boolean;
  onAnswer(decision: ReviewDecision): void;
  onStop(): void;
}

const ANSWER_KEYS: Record<string, ReviewDecision> = { y: 'approved', a: 'approved_for_session', n: 'denied' };

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'radio' && (target as HTMLInputElement).type !== 'checkbox');
}

/**
 * The conversation's keys, in one place so that one press does one thing: with an approval card showing,
 * y / a / n answer it and Esc is "Deny and stop"; otherwise Esc stops the agent. Letters typed into a text
 * field stay text. Settings, a modal dialog, keeps the keyboard to itself while it is open.
 */
export function useConversationKeys(keys: Keys): void {
  const store = useAppStore();
  const latest = useRef(keys);
  latest.current = keys;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (store.getState().settingsOpen) return;
      const { approval, busy, onAnswer, onStop } = latest.current;
      if (event.key === 'Escape') {
        if (approval) onAnswer('abort');
        else if (busy) onStop();
        else return;
        event.preventDefault();
        return;
      }
      const decision = ANSWER_KEYS[event.key.toLowerCase()];
      if (approval && decision && !event.shiftKey && !isTextEntry(event.target)) {
        event.preventDefault();
        onAnswer(decision);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [store]);
}
