// What a snapshot costs on a repository of a few thousand files. Timings are printed for people to
// read, never asserted (the machine is shared); what is asserted is the shape of the work: a fixed
// handful of git processes however many files there are.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordProgramsStarted } from '../exec/test-support/programs-started.js';
import { createSnapshot, diffSinceSnapshot, restoreSnapshot } from './index.js';

// Every program Tandem's git layer starts, as argv. git runs inside the sandbox (bwrap ... -- git ...),
// where a logging shim could not write its log, and the exec host starts it: so the programs are counted
// as the agent hands them to the host.
const started = recordProgramsStarted();

/** The git part of a started argv (after bwrap's `--`), as a command line; null for other programs. */
function gitCommandLine(argv: string[]): string | null {
  const separator = argv.indexOf('--');
  const command = argv[0]?.endsWith('bwrap') || argv[0]?.endsWith('sandbox-exec') ? argv.slice(separator + 1) : argv;
  return command[0] === 'git' ? command.slice(1).join(' ') : null;
}

const FOLDERS = 60;
const FILES_PER_FOLDER = 50;
const UNTRACKED = 40;

let workspace = '';
let repo = '';

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function write(file: string, content: string): void {
  const target = path.join(repo, file);
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, content);
}

/** Runs `work` and returns the git command lines it started, printing how long it took. */
async function observe<T>(label: string, work: () => Promise<T>): Promise<{ result: T; gitCommands: string[] }> {
  started.length = 0;
  const start = performance.now();
  const result = await work();
  const elapsed = performance.now() - start;
  const gitCommands = started.map((program) => gitCommandLine(program.argv)).filter((line): line is string => line !== null);
  // Every operation runs git at least to read the repository: none counted would mean none observed.
  expect(gitCommands.length).toBeGreaterThan(2);
  console.log(`${label}: ${elapsed.toFixed(0)} ms, ${gitCommands.length} git processes`);
  return { result, gitCommands };
}

beforeAll(() => {
  workspace = mkdtempSync(path.join(tmpdir(), 'tandem-snapshot-cost-'));
  repo = path.join(workspace, 'repo');
  mkdirSync(repo);
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Test Person');
  git('config', 'user.email', 'person@example.com');
  for (let folder = 0; folder < FOLDERS; folder += 1) {
    for (let file = 0; file < FILES_PER_FOLDER; file += 1) {
      write(`src/m${folder}/f${file}.ts`, `export const value${file} = ${folder};\n`.repeat(40));
    }
  }
  git('add', '--all');
  git('commit', '-q', '-m', 'a few thousand files');
}, 120_000);

afterAll(() => {
  rmSync(workspace, { recursive: true, force: true });
});

describe('snapshot cost on a repository of a few thousand files', () => {
  it('takes a fixed handful of git processes to snapshot, diff and restore', async () => {
    for (let i = 0; i < 20; i += 1) write(`src/m${i}/f0.ts`, `export const edited = ${i};\n`);
    for (let i = 0; i < UNTRACKED; i += 1) write(`notes/n${i}.md`, `note ${i}\n`);
    for (let i = 0; i < 500; i += 1) write(`node_modules/dep${i % 25}/file${i}.js`, 'module.exports = 0;\n');

    const first = await observe('createSnapshot, first', () => createSnapshot(repo));
    const snapshot = first.result;
    if (snapshot === null) throw new Error('expected a snapshot');
    // One of them reads the repository's config, to disarm the drivers it names.
    expect(first.gitCommands.length).toBeLessThanOrEqual(9);
    expect(snapshot.untrackedAtSnapshot).toHaveLength(UNTRACKED);
    expect(snapshot.ignoredSkipped).toEqual(['node_modules/']);
    const treeFiles = git('ls-tree', '-r', '--name-only', snapshot.commit).split('\n').filter(Boolean);
    expect(treeFiles).toHaveLength(FOLDERS * FILES_PER_FOLDER + UNTRACKED);

    const again = await observe('createSnapshot, unchanged tree', () => createSnapshot(repo));
    expect(again.gitCommands.length).toBeLessThanOrEqual(9);
    expect(git('rev-parse', `${again.result?.commit ?? ''}^{tree}`)).toBe(git('rev-parse', `${snapshot.commit}^{tree}`));

    for (let i = 20; i < 30; i += 1) write(`src/m${i}/f1.ts`, `export const turn = ${i};\n`);
    write('created-by-turn.txt', 'new\n');

    const diff = await observe('diffSinceSnapshot', () => diffSinceSnapshot(snapshot));
    expect(diff.gitCommands.length).toBeLessThanOrEqual(11);
    expect(diff.result.match(/^diff --git /gm)).toHaveLength(11);

    const restore = await observe('restoreSnapshot', () => restoreSnapshot(snapshot));
    expect(restore.gitCommands.length).toBeLessThanOrEqual(13);
    expect(restore.result).toMatchObject({ restored: 10, removed: 1 });
  }, 120_000);
});
