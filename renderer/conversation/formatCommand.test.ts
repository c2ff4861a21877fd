import { describe, expect, it } from 'vitest';
import { formatCommand, shortCommand } from './formatCommand.js';

describe('formatCommand', () => {
  it('shows a shell script as the script', () => {
    expect(formatCommand(['bash', '-lc', 'npm test && echo ok'])).toBe('npm test && echo ok');
    expect(formatCommand(['/bin/sh', '-c', 'ls'])).toBe('ls');
  });

  it('quotes words a shell would split or expand', () => {
    expect(formatCommand(['git', 'commit', '-m', "it's done"])).toBe(`git commit -m 'it'\\''s done'`);
    expect(formatCommand(['echo', '', '$HOME', 'a/b.txt'])).toBe(`echo '' '$HOME' a/b.txt`);
  });

  it('shortens long lines to one line for the status', () => {
    expect(shortCommand(['bash', '-lc', 'npm\n  test'])).toBe('npm test');
    const long = shortCommand(['echo', 'x'.repeat(100)], 20);
    expect(long).toHaveLength(20);
    expect(long.endsWith('…')).toBe(true);
  });
});
