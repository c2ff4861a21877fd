import { describe, expect, it } from 'vitest';
import { seatbeltArgv, seatbeltProfile } from './seatbelt.js';
import { wrapForSandbox } from './wrap.js';

/** The profile parses only with balanced parentheses (strings and regex literals hold none here). */
function isBalanced(profile: string): boolean {
  let depth = 0;
  for (const char of profile) {
    if (char === '(') depth++;
    if (char === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

function parsed(argv: string[]) {
  const [executable, flag, profile = '', ...rest] = argv;
  const separator = rest.indexOf('--');
  const params = new Map(rest.slice(0, separator).map((p) => [p.slice(2, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
  return { executable, flag, profile, params, command: rest.slice(separator + 1) };
}

describe('seatbelt', () => {
  it('runs Apple sandbox-exec with the profile, its parameters, then the command', () => {
    const argv = wrapForSandbox(['bash', '-c', 'npm test'], {
      policy: { mode: 'workspace-write' },
      kind: 'seatbelt',
      cwd: '/work/project',
      workspace: '/work/project',
      writableRoots: ['/work/cache'],
      tmpdir: '/work/tmp',
    });
    const { executable, flag, profile, params, command } = parsed(argv);
    expect(executable).toBe('/usr/bin/sandbox-exec');
    expect(flag).toBe('-p');
    expect(command).toEqual(['bash', '-c', 'npm test']);
    expect(params.get('WRITABLE_ROOT_0')).toBe('/work/project');
    expect(params.get('WRITABLE_ROOT_0_GIT')).toBe('/work/project/.git');
    expect([...params.values()]).toEqual(expect.arrayContaining(['/work/cache', '/tmp', '/work/tmp']));
    // Every parameter the profile reads is supplied, and no other.
    const used = new Set([...profile.matchAll(/\(param "([A-Z0-9_]+)"\)/g)].map((m) => m[1]));
    expect(used).toEqual(new Set(params.keys()));
    expect(isBalanced(profile)).toBe(true);
  });

  it('denies by default and writes nothing but /dev/null under read-only', () => {
    const { profile, params } = parsed(seatbeltArgv(['true'], { policy: { mode: 'read-only' }, workspace: '/work/project', writableRoots: [] }));
    expect(profile).toContain('(deny default)');
    expect(profile).toContain('(allow file-read*)');
    expect(profile).not.toContain('(allow file-write*');
    expect(profile).not.toContain('network-outbound');
    expect([...params.keys()].filter((name) => name.startsWith('WRITABLE'))).toEqual([]);
  });

  it('keeps .git out of every writable root', () => {
    const profile = seatbeltProfile(2, false);
    expect(profile).toContain('(require-not (subpath (param "WRITABLE_ROOT_1_GIT")))');
    expect(isBalanced(profile)).toBe(true);
  });

  it('denies reads and writes of the hidden places, folders by subpath and files by name', () => {
    const profile = seatbeltProfile(1, false, ['folder', 'file']);
    expect(profile).toContain('(deny file-read* file-write* (subpath (param "HIDDEN_0")))');
    expect(profile).toContain('(deny file-read* file-write* (literal (param "HIDDEN_1")))');
    // After the allows, so they win.
    expect(profile.indexOf('HIDDEN_0')).toBeGreaterThan(profile.indexOf('(allow file-read*)'));
    expect(isBalanced(profile)).toBe(true);
  });

  it('keeps unix sockets closed even with the network on', () => {
    expect(seatbeltProfile(1, true)).toContain('(deny network-outbound (remote unix-socket))');
  });

  it('opens the network only when the policy allows it', () => {
    expect(seatbeltProfile(1, false)).not.toContain('network');
    expect(seatbeltProfile(1, true)).toContain('(allow network-outbound)');
    expect(isBalanced(seatbeltProfile(1, true))).toBe(true);
  });
});
