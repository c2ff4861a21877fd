import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { ApprovalPreset } from '../../../shared/host/contract.js';
import { presetChoices } from '../../settings/presets.js';
import { useApp } from '../../store/StoreContext.js';

/**
 * The header's Ask / Auto / Full access switch. The choice is saved as Settings' approval preset, which every
 * open session takes from its next request. /approvals moves the focus here.
 */
export function ApprovalSwitch() {
  const settings = useApp((s) => s.settings);
  const focused = useApp((s) => s.headerControl === 'approvals');
  const close = useApp((s) => s.closeHeaderControl);
  const choosePreset = useApp((s) => s.choosePreset);
  const announce = useApp((s) => s.announce);
  const group = useRef<HTMLDivElement>(null);

  const current = settings?.approval_preset ?? null;
  const fixed = settings?.fixed.approval_preset ?? null;

  useEffect(() => {
    if (!focused) return;
    (group.current?.querySelector<HTMLElement>('[aria-checked="true"]') ?? group.current?.querySelector<HTMLElement>('[role="radio"]'))?.focus();
  }, [focused]);

  const choose = (preset: ApprovalPreset) => {
    if (fixed) return;
    choosePreset(preset).then(
      () => announce(`Approvals: ${presetChoices.find((choice) => choice.preset === preset)?.label ?? preset}, from the next request.`),
      (err: unknown) => announce(`The approval preset was not changed: ${err instanceof Error ? err.message : String(err)}`),
    );
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const at = presetChoices.findIndex((choice) => choice.preset === current);
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const next = presetChoices[(at + (event.key === 'ArrowRight' ? 1 : presetChoices.length - 1)) % presetChoices.length];
      if (next) {
        choose(next.preset);
        group.current?.querySelector<HTMLElement>(`[data-preset="${next.preset}"]`)?.focus();
      }
    } else if (event.key === 'Escape' && focused) {
      event.preventDefault();
      event.stopPropagation();
      close();
    }
  };

  return (
    <div
      className="approval-switch"
      role="radiogroup"
      aria-label="Approvals"
      aria-disabled={fixed !== null}
      title={fixed?.reason}
      ref={group}
      onKeyDown={onKey}
      onBlur={(event) => {
        if (focused && !event.currentTarget.contains(event.relatedTarget as Node | null)) close();
      }}
    >
      {presetChoices.map((choice) => {
        const checked = choice.preset === current;
        return (
          <button
            key={choice.preset}
            type="button"
            role="radio"
            data-preset={choice.preset}
            aria-checked={checked}
            tabIndex={checked || (current === null && choice.preset === 'ask') ? 0 : -1}
            disabled={fixed !== null && !checked}
            className={checked ? 'approval-switch__option approval-switch__option--chosen' : 'approval-switch__option'}
            title={fixed ? fixed.reason : choice.description}
            onClick={() => choose(choice.preset)}
          >
            {choice.label}
          </button>
        );
      })}
    </div>
  );
}
