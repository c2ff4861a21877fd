import type { FileChange } from '../../../shared/protocol/index.js';
import { DiffView } from './DiffView.js';
import { fileChangeLines } from './diffText.js';

const VERB: Record<FileChange['type'], string> = { add: 'Add', delete: 'Delete', update: 'Update' };

/** Each file of a patch with its diff. */
export function FileChangesView({ changes }: { changes: Record<string, FileChange> }) {
  return (
    <div className="file-changes">
      {Object.entries(changes).map(([path, change]) => {
        const moved = change.type === 'update' && change.move_path ? ` → ${change.move_path}` : '';
        const title = `${VERB[change.type]} ${path}${moved}`;
        return (
          <div key={path} className="file-change">
            <div className="file-change__title">{title}</div>
            <DiffView lines={fileChangeLines(change)} label={title} />
          </div>
        );
      })}
    </div>
  );
}
