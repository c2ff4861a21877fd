import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomically } from './atomic-file.js';

export const MAX_RECENT_PROJECTS = 10;

const RecentProjectsFile = z.object({ projects: z.array(z.string()) });

function isFolder(candidate: string): boolean {
  try {
    return statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The folders sessions were opened in, most recent first, kept in TANDEM_HOME/recent-projects.json.
 * Folders that have since gone are left out when read, so the start screen never offers a dead path.
 */
export class RecentProjects {
  /** Writes one at a time, in order, so two quick opens cannot lose either folder. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly home: string) {}

  get file(): string {
    return path.join(this.home, 'recent-projects.json');
  }

  async list(): Promise<string[]> {
    await this.writes;
    return (await this.read()).filter(isFolder);
  }

  /** Puts a folder first. */
  remember(folder: string): Promise<void> {
    const next = this.writes.then(async () => {
      const kept = (await this.read()).filter((entry) => entry !== folder && isFolder(entry));
      const projects = [folder, ...kept].slice(0, MAX_RECENT_PROJECTS);
      await writeFileAtomically(this.file, `${JSON.stringify({ projects }, null, 2)}\n`);
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  private async read(): Promise<string[]> {
    if (!existsSync(this.file)) return [];
    try {
      const parsed = RecentProjectsFile.safeParse(JSON.parse(await readFile(this.file, 'utf8')));
      // A damaged list is only a convenience lost: start a new one rather than fail the start screen.
      return parsed.success ? parsed.data.projects.filter((entry) => path.isAbsolute(entry)) : [];
    } catch {
      return [];
    }
  }
}
