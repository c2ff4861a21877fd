import { describe, expect, it } from 'vitest';
import { browseFirst, preparePaths, rankPaths } from './rank.js';

const paths = preparePaths([
  'README.md',
  'src/app.ts',
  'src/app.test.ts',
  'src/components/AppShell.tsx',
  'src/util/apple-pie.ts',
  'docs/api/applications.md',
  'test/fixtures/a/p/p.txt',
  'package.json',
]);

describe('ranking paths for an @-mention', () => {
  it('puts the file whose own name matches first, shorter before longer', () => {
    const { paths: found, matched } = rankPaths(paths, 'app', 8);
    expect(matched).toBe(6);
    expect(found.slice(0, 2)).toEqual(['src/app.ts', 'src/app.test.ts']);
  });

  it('matches letters in order across folders, any case, spaces ignored', () => {
    expect(rankPaths(paths, 'SRC ash', 5).paths[0]).toBe('src/components/AppShell.tsx');
    expect(rankPaths(paths, 'docapi', 5).paths[0]).toBe('docs/api/applications.md');
  });

  it('prefers word starts and runs of letters to scattered ones', () => {
    const { paths: found } = rankPaths(paths, 'ap', 10);
    expect(found.indexOf('src/app.ts')).toBeLessThan(found.indexOf('test/fixtures/a/p/p.txt'));
  });

  it('offers nothing when the letters are not there in order, and counts what matched', () => {
    expect(rankPaths(paths, 'zzz', 5)).toEqual({ paths: [], matched: 0 });
    expect(rankPaths(paths, 'json', 5)).toEqual({ paths: ['package.json'], matched: 1 });
  });

  it('offers the shallowest paths first, then by name, when nothing is typed', () => {
    const all = paths.map((entry) => entry.path);
    const sorted = [...all].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
    expect(browseFirst(paths, 3)).toEqual(['README.md', 'package.json', 'src/app.test.ts']);
    expect(browseFirst(paths, 100)).toEqual(sorted);
    expect(browseFirst([...paths].reverse(), 5)).toEqual(sorted.slice(0, 5));
    expect(browseFirst(paths, 0)).toEqual([]);
  });
});
