import { createTwoFilesPatch, OMIT_HEADERS } from 'diff';
import path from 'node:path';
import type { FileChange } from '../../shared/protocol/index.js';
import type { PatchPlan } from './plan-types.js';

/** Codex shows one line of context around each change in the diffs it puts in events. */
const DIFF_CONTEXT_LINES = 1;

/** How a path is named in events: relative to the session's folder when inside it. */
export function eventPathKey(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  const inside = relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
  return inside ? relative : absolutePath;
}

/** What one path goes through over the whole patch. */
interface NetChange {
  /** Before the patch; null also when the patch's first word on the path was Add File, so it shows as an add. */
  origin: string | null;
  result: string | null;
  movePath: string | null;
}

/**
 * The `changes` map of `apply_patch_approval_request` and `patch_apply_begin`: one entry per
 * path, the net effect when a patch touches a path more than once.
 */
export function changesForEvent(plan: PatchPlan, cwd: string): Record<string, FileChange> {
  const net = new Map<string, NetChange>();
  for (const change of plan.files) {
    const key = eventPathKey(change.path, cwd);
    const earlier = net.get(key);
    const origin = earlier ? earlier.origin : change.kind === 'add' ? null : change.oldContent;
    const movePath = change.movePath === undefined ? null : eventPathKey(change.movePath, cwd);
    net.set(key, { origin, result: change.newContent, movePath });
  }

  const changes: Record<string, FileChange> = {};
  for (const [key, { origin, result, movePath }] of net) {
    if (result === null) {
      if (origin !== null) changes[key] = { type: 'delete', content: origin };
    } else if (origin === null && movePath === null) {
      changes[key] = { type: 'add', content: result };
    } else {
      const unified_diff = createTwoFilesPatch(key, movePath ?? key, origin ?? '', result, undefined, undefined, {
        context: DIFF_CONTEXT_LINES,
        headerOptions: OMIT_HEADERS,
      });
      changes[key] = { type: 'update', unified_diff, move_path: movePath };
    }
  }
  return changes;
}
