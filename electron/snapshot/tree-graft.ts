import { createHash } from 'node:crypto';

/*
 * A new tree from an old one and the entries now under the paths that changed: every folder on the way to a
 * changed path is rebuilt from its old listing, the rest of the old tree is reused as it is. The objects are
 * hashed here and written by `git mktree`, which must give the same names back (a check on this code).
 */

export interface TreeEntry {
  /** As tree objects spell it: 40000, 100644, 100755, 120000, 160000. */
  mode: string;
  oid: string;
}

export type Listing = Map<string, TreeEntry>;

/** Reads a tree object's body: `mode name\0` and the raw object name, again and again. */
export function parseTree(body: Buffer, oidBytes: number): Listing {
  const listing: Listing = new Map();
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(0x20, at);
    const nul = body.indexOf(0, space);
    if (space < 0 || nul < 0 || nul + 1 + oidBytes > body.length) throw new Error('unreadable tree object');
    const mode = body.toString('latin1', at, space);
    const name = body.toString('utf8', space + 1, nul);
    listing.set(name, { mode, oid: body.toString('hex', nul + 1, nul + 1 + oidBytes) });
    at = nul + 1 + oidBytes;
  }
  return listing;
}

const isTree = (mode: string): boolean => mode === '40000';

/** git's order: names as bytes, a tree's name as if it ended in '/'. */
function sortKey(name: string, mode: string): Buffer {
  return Buffer.from(isTree(mode) ? `${name}/` : name, 'utf8');
}

function serialize(listing: Listing, oidBytes: number): Buffer {
  const names = [...listing.entries()].map(([name, entry]) => ({ name, entry, key: sortKey(name, entry.mode) }));
  names.sort((a, b) => Buffer.compare(a.key, b.key));
  const parts: Buffer[] = [];
  for (const { name, entry } of names) {
    parts.push(Buffer.from(`${entry.mode} ${name}\0`, 'utf8'), Buffer.from(entry.oid, 'hex'));
    if (entry.oid.length !== oidBytes * 2) throw new Error('object name of the wrong length');
  }
  return Buffer.concat(parts);
}

function objectName(body: Buffer, oidBytes: number): string {
  const hash = createHash(oidBytes === 20 ? 'sha1' : 'sha256');
  hash.update(`tree ${body.length}\0`);
  hash.update(body);
  return hash.digest('hex');
}

class Folder {
  readonly folders = new Map<string, Folder>();
  constructor(readonly listing: Listing) {}
}

export interface NewTree {
  oid: string;
  listing: Listing;
}

export interface GraftResult {
  root: string;
  /** Trees to write, each after the trees it holds. */
  trees: NewTree[];
}

/**
 * `oldListings`: the old tree's listing of each folder on the way to a changed path ('' is the top; a folder
 * missing there was no folder). `changed`: paths none of which is under another. `entries`: every file
 * (blob, link, submodule) now under a changed path, with its path from the top.
 */
export function graft(oldListings: ReadonlyMap<string, Listing>, changed: readonly string[], entries: ReadonlyArray<TreeEntry & { path: string }>, oidBytes: number): GraftResult {
  const listingOf = (folder: string): Listing => new Map(oldListings.get(folder) ?? []);
  const top = new Folder(listingOf(''));
  const folderAt = (parts: readonly string[]): Folder => {
    let node = top;
    parts.forEach((part, i) => {
      let child = node.folders.get(part);
      if (child === undefined) {
        child = new Folder(listingOf(parts.slice(0, i + 1).join('/')));
        node.folders.set(part, child);
      }
      node = child;
    });
    return node;
  };
  for (const changedPath of changed) {
    const parts = changedPath.split('/');
    const name = parts.pop() as string;
    const parent = folderAt(parts);
    // Whatever was at the changed path is replaced by what is there now.
    parent.listing.delete(name);
    parent.folders.set(name, new Folder(new Map()));
  }
  for (const entry of entries) {
    const parts = entry.path.split('/');
    const name = parts.pop() as string;
    folderAt(parts).listing.set(name, { mode: entry.mode, oid: entry.oid });
  }

  const trees: NewTree[] = [];
  const build = (node: Folder): string | null => {
    const listing: Listing = new Map(node.listing);
    for (const [name, child] of node.folders) {
      const oid = build(child);
      if (oid !== null) listing.set(name, { mode: '40000', oid });
      // A folder left empty is gone; a file of that name (a changed path that is now a file) stays.
      else if (listing.get(name)?.mode === '40000') listing.delete(name);
    }
    // git keeps no empty folders.
    if (listing.size === 0) return null;
    const oid = objectName(serialize(listing, oidBytes), oidBytes);
    trees.push({ oid, listing });
    return oid;
  };
  const root = build(top) ?? objectName(Buffer.alloc(0), oidBytes);
  return { root, trees };
}

/** `git mktree -z --batch` input for the trees, in order. */
export function mktreeInput(trees: readonly NewTree[]): string {
  const typeOf = (mode: string): string => (isTree(mode) ? 'tree' : mode === '160000' ? 'commit' : 'blob');
  return trees
    .map((tree) => {
      const lines = [...tree.listing].map(([name, entry]) => `${entry.mode.padStart(6, '0')} ${typeOf(entry.mode)} ${entry.oid}\t${name}\0`);
      return `${lines.join('')}\0`;
    })
    .join('');
}
