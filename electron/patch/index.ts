export { APPLY_PATCH_GRAMMAR } from './grammar.js';
export { APPLY_PATCH_TOOL_DESCRIPTION } from './description.js';
export type { PatchHunk, UpdateChunk } from './hunk.js';
export type { FileSnapshot, PatchPlan, PlannedFileChange } from './plan-types.js';
export { parsePatch, type ParsePatchResult } from './parse.js';
export { planPatch, patchPaths, type PlanPatchResult } from './plan.js';
export { changesForEvent } from './events.js';
export { applyPlan, type ApplyPlanResult } from './apply.js';
export { isPathWithinRoots } from './real-path.js';
