import { HostRequestError } from '../../shared/host/host-error.js';
import type { SandboxPolicy } from '../../shared/protocol/index.js';
import { broadFolderOf, describeBroadFolder, type BroadFolder } from '../sandbox/index.js';

export { broadFolderOf, describeBroadFolder, type BroadFolder };

/** A session was asked for a broad folder without the person's word for it; its code is `broad_folder`. */
export class BroadFolderError extends HostRequestError {
  constructor(readonly broad: BroadFolder) {
    super(describeBroadFolder(broad), 'broad_folder');
    this.name = 'BroadFolderError';
  }
}

/**
 * Refuses to let a session work in a broad folder unless the person allowed it. A read-only session writes
 * nothing, so any folder will do for it; under danger-full-access every file is writable whatever the folder,
 * but the person may later switch that session to workspace-write from Settings, so it is asked too.
 */
export async function checkFolderBreadth(
  folder: string,
  options: { sandboxPolicy: SandboxPolicy; allowed: boolean; homeDir?: string },
): Promise<void> {
  if (options.allowed || options.sandboxPolicy.mode === 'read-only') return;
  const broad = await broadFolderOf(folder, options.homeDir);
  if (broad) throw new BroadFolderError(broad);
}
