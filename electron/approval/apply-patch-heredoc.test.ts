import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractApplyPatch } from './apply-patch-heredoc.js';
import { loadShellParser } from './shell-parser.js';

const PATCH = ['*** Begin Patch', '*** Update File: src/a.ts', '@@', '-  old $x', '+  new `y`', '*** End Patch'].join('\n');
const PLAIN_PATCH = ['*** Begin Patch', '*** Add File: hello.txt', '+  indented hello', '*** End Patch'].join('\n');

let workspace = '';

beforeAll(async () => {
  await loadShellParser();
  // A stand-in apply_patch that echoes its stdin, so bash shows what the heredoc really feeds it.
  workspace = mkdtempSync(join(tmpdir(), 'tandem-heredoc-'));
  mkdirSync(join(workspace, 'bin'));
  mkdirSync(join(workspace, 'project', 'sub dir'), { recursive: true });
  const fake = join(workspace, 'bin', 'apply_patch');
  writeFileSync(fake, '#!/bin/sh\nprintf "%s\\n" "$PWD" >&2\nexec cat\n');
  chmodSync(fake, 0o755);
});

afterAll(() => {
  if (workspace !== '') rmSync(workspace, { recursive: true, force: true });
});

/** What bash hands the stand-in apply_patch: its stdin, and the directory it runs in. */
function runWithBash(script: string): { stdin: string; cwd: string } {
  const run = spawnSync('bash', ['-c', script], {
    cwd: join(workspace, 'project'),
    env: { ...process.env, PATH: `${join(workspace, 'bin')}:${process.env.PATH ?? ''}` },
    encoding: 'utf8',
  });
  expect(run.status).toBe(0);
  return { stdin: run.stdout, cwd: run.stderr.trim() };
}

describe('extractApplyPatch', () => {
  it.each([
    ['a quoted delimiter', `apply_patch <<'EOF'\n${PATCH}\nEOF`],
    ['a double-quoted delimiter', `apply_patch <<"EOF"\n${PATCH}\nEOF\n`],
    ['another delimiter', `apply_patch <<'PATCH'\n${PATCH}\nPATCH`],
    ['the applypatch spelling', `applypatch <<'EOF'\n${PATCH}\nEOF`],
  ])('takes the patch from a heredoc with %s', (_variant, script) => {
    expect(extractApplyPatch(['bash', '-lc', script])).toEqual({ patch: PATCH });
  });

  it('takes an unquoted heredoc as written, without expanding it', () => {
    expect(extractApplyPatch(['bash', '-lc', `apply_patch <<EOF\n${PATCH}\nEOF`])).toEqual({ patch: PATCH });
  });

  it.each([['bash', '-c'], ['zsh', '-lc'], ['sh', '-c'], ['/bin/bash', '-lc']])('accepts %s %s', (shell, flag) => {
    expect(extractApplyPatch([shell, flag, `apply_patch <<'EOF'\n${PATCH}\nEOF`])).toEqual({ patch: PATCH });
  });

  it('takes the directory of a leading cd', () => {
    expect(extractApplyPatch(['bash', '-lc', `cd packages/app && apply_patch <<'EOF'\n${PATCH}\nEOF`])).toEqual({
      patch: PATCH,
      workdir: 'packages/app',
    });
    expect(extractApplyPatch(['bash', '-lc', `cd "my dir" && apply_patch <<'EOF'\n${PATCH}\nEOF`])).toEqual({
      patch: PATCH,
      workdir: 'my dir',
    });
    expect(extractApplyPatch(['bash', '-lc', `cd '/abs/path' && apply_patch <<'EOF'\n${PATCH}\nEOF`])).toEqual({
      patch: PATCH,
      workdir: '/abs/path',
    });
  });

  it('takes a direct argv', () => {
    expect(extractApplyPatch(['apply_patch', PATCH])).toEqual({ patch: PATCH });
    expect(extractApplyPatch(['applypatch', PATCH])).toEqual({ patch: PATCH });
  });

  it('takes an empty heredoc as an empty patch, for the patch checker to refuse', () => {
    expect(extractApplyPatch(['bash', '-lc', "apply_patch <<'EOF'\nEOF"])).toEqual({ patch: '' });
  });

  describe('agrees with what bash feeds the program', () => {
    it.each([
      ['a quoted heredoc', `apply_patch <<'EOF'\n${PLAIN_PATCH}\nEOF`],
      ['an unquoted heredoc', `apply_patch <<EOF\n${PLAIN_PATCH}\nEOF`],
      ['a tab-stripping heredoc', `apply_patch <<-'EOF'\n\t${PLAIN_PATCH.replaceAll('\n', '\n\t\t')}\n\tEOF`],
      ['a cd first', `cd 'sub dir' && apply_patch <<'EOF'\n${PLAIN_PATCH}\nEOF`],
    ])('for %s', (_variant, script) => {
      const extracted = extractApplyPatch(['bash', '-lc', script]);
      expect(extracted?.patch).toBe(PLAIN_PATCH);
      const ran = runWithBash(script);
      expect(ran.stdin).toBe(`${extracted?.patch ?? ''}\n`);
      expect(ran.cwd).toBe(join(workspace, 'project', extracted?.workdir ?? ''));
    });
  });

  it.each([
    ['a heredoc to another program', `cat <<EOF\n${PATCH}\nEOF`],
    ['a herestring', `apply_patch <<< "${PATCH}"`],
    ['no heredoc', 'apply_patch'],
    ['arguments besides the heredoc', `apply_patch --verbose <<'EOF'\n${PATCH}\nEOF`],
    ['another redirection', `apply_patch <<'EOF' > out\n${PATCH}\nEOF`],
    ['a command before it', `echo hi; apply_patch <<'EOF'\n${PATCH}\nEOF`],
    ['a command after it', `apply_patch <<'EOF'\n${PATCH}\nEOF\necho done`],
    ['a command chained after it', `apply_patch <<'EOF' && echo done\n${PATCH}\nEOF`],
    ['cd joined by ;', `cd src; apply_patch <<'EOF'\n${PATCH}\nEOF`],
    ['cd joined by ||', `cd src || apply_patch <<'EOF'\n${PATCH}\nEOF`],
    ['cd to an expanded directory', `cd $HOME && apply_patch <<'EOF'\n${PATCH}\nEOF`],
    ['cd with an option', `cd -P src && apply_patch <<'EOF'\n${PATCH}\nEOF`],
    ['an unterminated heredoc', `apply_patch <<'EOF'\n${PATCH}`],
  ])('ignores %s', (_variant, script) => {
    expect(extractApplyPatch(['bash', '-lc', script])).toBeNull();
  });

  it('ignores commands that are not shell scripts or apply_patch', () => {
    expect(extractApplyPatch(['cat', PATCH])).toBeNull();
    expect(extractApplyPatch(['apply_patch'])).toBeNull();
    expect(extractApplyPatch(['python3', '-c', `apply_patch <<'EOF'\n${PATCH}\nEOF`])).toBeNull();
    expect(extractApplyPatch(['bash', '-x', `apply_patch <<'EOF'\n${PATCH}\nEOF`])).toBeNull();
  });
});
