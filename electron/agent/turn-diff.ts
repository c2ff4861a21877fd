import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { diffSinceSnapshot, type Snapshot } from '../snapshot/index.js';

async function contentOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/**
 * What one turn changed in the project. In a git repository that is everything since the turn's snapshot
 * (patches and commands alike); elsewhere it is what the turn's patches changed, from the contents they
 * replaced.
 */
export class TurnChanges {
  /** Each file a patch touched, with what it held before the turn's first change to it. */
  private readonly baselines = new Map<string, string | null>();
  /** Set when a command or patch ran, so a turn that only talked skips the diff. */
  touched = false;

  constructor(readonly cwd: string) {}

  notePatchedFile(absPath: string, before: string | null): void {
    this.touched = true;
    if (!this.baselines.has(absPath)) this.baselines.set(absPath, before);
  }

  async unifiedDiff(snapshot: Snapshot | null): Promise<string> {
    if (!this.touched) return '';
    if (snapshot) return diffSinceSnapshot(snapshot);
    const parts: string[] = [];
    for (const [file, before] of [...this.baselines].sort(([a], [b]) => a.localeCompare(b))) {
      const after = await contentOrNull(file);
      if (after === before) continue;
      const name = path.relative(this.cwd, file).split(path.sep).join('/');
      const oldName = before === null ? '/dev/null' : `a/${name}`;
      const newName = after === null ? '/dev/null' : `b/${name}`;
      const patch = createTwoFilesPatch(oldName, newName, before ?? '', after ?? '', undefined, undefined, { context: 3 });
      parts.push(`diff --git a/${name} b/${name}\n${patch.split('\n').slice(1).join('\n')}`);
    }
    return parts.join('');
  }
}
