import { useState, type FormEvent } from 'react';

/** Where no folder picker or dropped path exists (a browser), the person types the folder's path. */
export function FolderPathForm({ onOpen, disabled }: { onOpen(path: string): void; disabled: boolean }) {
  const [path, setPath] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = path.trim();
    if (trimmed) onOpen(trimmed);
  };
  return (
    <form className="folder-path" onSubmit={submit}>
      <label className="folder-path__label" htmlFor="folder-path">
        Folder path
      </label>
      <div className="folder-path__row">
        <input
          id="folder-path"
          className="text-field"
          type="text"
          autoFocus
          spellCheck={false}
          autoComplete="off"
          placeholder="/home/you/projects/my-app"
          value={path}
          onChange={(event) => setPath(event.target.value)}
        />
        <button type="submit" className="button button--primary" disabled={disabled || path.trim() === ''}>
          Open
        </button>
      </div>
    </form>
  );
}
