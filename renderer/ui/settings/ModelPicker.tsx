import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { modelChoices } from '../../settings/modelChoices.js';
import { useApp } from '../../store/StoreContext.js';

/**
 * The header's model: a button that opens a list of models (and a box for any other name). The choice is saved
 * as Settings' model, which every open session takes from its next request. /model opens it too.
 */
export function ModelPicker({ sessionModel }: { sessionModel: string | null }) {
  const settings = useApp((s) => s.settings);
  const open = useApp((s) => s.headerControl === 'model');
  const openPicker = useApp((s) => s.openModelPicker);
  const close = useApp((s) => s.closeHeaderControl);
  const chooseModel = useApp((s) => s.chooseModel);
  const [other, setOther] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  const popover = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  const current = settings?.model ?? sessionModel;
  const fixed = settings?.fixed.model ?? null;
  const choices = modelChoices(current);

  useEffect(() => {
    if (!open) return;
    setOther('');
    setProblem(null);
    (list.current?.querySelector<HTMLElement>('[aria-selected="true"]') ?? list.current?.querySelector<HTMLElement>('[role="option"]'))?.focus();
  }, [open]);

  const finish = () => {
    close();
    button.current?.focus();
  };

  const choose = async (model: string) => {
    try {
      await chooseModel(model);
      finish();
    } catch (err) {
      setProblem(err instanceof Error ? err.message : String(err));
    }
  };

  const onListKey = (event: KeyboardEvent<HTMLUListElement>) => {
    const options = [...(list.current?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])];
    const at = options.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = options[(at + (event.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length];
      next?.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      const model = options[at]?.dataset.model;
      if (model) void choose(model);
    }
  };

  const onOther = (event: FormEvent) => {
    event.preventDefault();
    if (other.trim() !== '') void choose(other);
  };

  return (
    <div
      className="header-picker"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          event.stopPropagation();
          finish();
        }
      }}
      onBlur={(event) => {
        if (open && !event.currentTarget.contains(event.relatedTarget as Node | null)) close();
      }}
    >
      <button
        ref={button}
        type="button"
        className="header-picker__button"
        aria-label={`Model: ${current ?? 'not known yet'}`}
        aria-haspopup="listbox"
        aria-expanded={open}
        disabled={fixed !== null}
        title={fixed ? fixed.reason : 'Choose the model (/model)'}
        onClick={() => (open ? finish() : openPicker())}
      >
        {current ?? '…'}
        <svg viewBox="0 0 16 16" aria-hidden="true">
          <path d="M4 6l4 4 4-4" />
        </svg>
      </button>
      {open && (
        <div className="header-picker__popover" ref={popover}>
          <ul className="header-picker__list" role="listbox" aria-label="Models" ref={list} onKeyDown={onListKey}>
            {choices.map((model) => (
              <li
                key={model}
                role="option"
                tabIndex={-1}
                data-model={model}
                aria-selected={model === current}
                className={model === current ? 'header-picker__option header-picker__option--chosen' : 'header-picker__option'}
                onClick={() => void choose(model)}
              >
                {model}
              </li>
            ))}
          </ul>
          <form className="header-picker__other" onSubmit={onOther}>
            <input className="text-field" aria-label="Other model" placeholder="Other model" spellCheck={false} value={other} onChange={(event) => setOther(event.target.value)} />
            <button type="submit" className="button button--small" disabled={other.trim() === ''}>
              Use
            </button>
          </form>
          <p className="header-picker__help">Every open session uses it from its next request.</p>
          {problem && (
            <p className="header-picker__problem" role="alert">
              {problem}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
