/*
 * Every running command leads its own process group. Keeping their ids here lets one 'exit' handler
 * kill them all when Tandem goes away, so no command outlives the app.
 */
const liveGroups = new Set<number>();
let exitHandlerInstalled = false;

export function trackProcessGroup(pgid: number): void {
  if (!exitHandlerInstalled) {
    exitHandlerInstalled = true;
    process.once('exit', killAllProcessGroups);
  }
  liveGroups.add(pgid);
}

export function untrackProcessGroup(pgid: number): void {
  liveGroups.delete(pgid);
}

/** SIGKILL a whole process group; a group that is already gone is fine. */
export function killProcessGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // ESRCH: every member has already exited.
  }
}

export function liveProcessGroupCount(): number {
  return liveGroups.size;
}

function killAllProcessGroups(): void {
  for (const pgid of liveGroups) killProcessGroup(pgid);
  liveGroups.clear();
}
