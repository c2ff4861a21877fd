import { resolveOptions, type SessionOptions } from '../agent/config.js';
import { checkFolderBreadth } from '../host/broad-folder.js';
import { savedSessionCwd } from '../store/index.js';

/**
 * The rule the host keeps for the window, kept for `tandem exec` and `tandem proto`, which open their session
 * without a host: `/`, the home folder or a folder holding it only with --allow-broad-folder. On resume, the
 * folder the saved session goes back to is the one checked.
 */
export async function checkSessionFolder(options: SessionOptions, allowBroadFolder: boolean): Promise<void> {
  const resolved = resolveOptions(options);
  const saved = resolved.resumeId !== undefined && resolved.home !== null ? await savedSessionCwd(resolved.home, resolved.resumeId) : null;
  const folder = saved ?? resolved.cwd;
  await checkFolderBreadth(folder, { sandboxPolicy: resolved.sandboxPolicy, allowed: allowBroadFolder });
}
