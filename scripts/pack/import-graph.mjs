// Walks the import graph of an entry point inside an extracted app.asar with esbuild's resolver (Node's rules for
// the Node side, the browser's for the page), and says which files it loads and which imports it could not
// resolve. Nothing is written: esbuild runs only for its metafile and its errors.
import { build } from 'esbuild';
import path from 'node:path';

/** Modules the runtime provides rather than the archive. */
const PROVIDED = ['electron', 'original-fs'];
/**
 * Imports that are reached only when Tandem runs from its TypeScript sources, never from a build, so the archive
 * need not hold them; each is allowed from the one file named, and from nowhere else.
 */
const SOURCE_ONLY_IMPORTS = [
  // Bundles the exec host when there is no built host-main.js beside it (Vitest); a package always has one.
  { specifier: 'esbuild', importer: 'out/electron/exec/host-script.js' },
];

function sourceOnlyImports(root) {
  return {
    name: 'source-only-imports',
    setup(build) {
      for (const { specifier, importer } of SOURCE_ONLY_IMPORTS) {
        build.onResolve({ filter: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }, (args) =>
          path.relative(root, args.importer).split(path.sep).join('/') === importer ? { path: specifier, external: true } : undefined,
        );
      }
    },
  };
}

/**
 * @param {string} root the extracted archive
 * @param {string} entry a file inside it
 * @param {'node' | 'browser'} platform
 * @returns {Promise<{ files: string[], unresolved: string[], outside: string[] }>}
 */
export async function importGraph(root, entry, platform) {
  const unresolved = [];
  let metafile;
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: [path.join(root, entry)],
      bundle: true,
      write: false,
      metafile: true,
      platform,
      format: 'esm',
      outdir: path.join(root, '.graph'),
      external: platform === 'node' ? PROVIDED : [],
      plugins: [sourceOnlyImports(root)],
      // Fonts and images the page's CSS names must be there too; 'file' makes esbuild find each one.
      loader: { '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.png': 'file', '.svg': 'file', '.wasm': 'file' },
      logLevel: 'silent',
      // Packages' own `require('optional-thing')` inside try/catch is theirs to handle at run time.
      logOverride: { 'require-resolve-not-external': 'silent' },
    });
    metafile = result.metafile;
  } catch (error) {
    for (const message of error.errors ?? [error]) {
      const where = message.location ? `${message.location.file}:${message.location.line}` : entry;
      unresolved.push(`${where}: ${message.text ?? String(message)}`);
    }
    return { files: [], unresolved, outside: [] };
  }
  const files = Object.keys(metafile.inputs).map((input) => path.resolve(root, input));
  const outside = files.filter((file) => path.relative(root, file).startsWith('..'));
  return { files: files.map((file) => path.relative(root, file)), unresolved, outside };
}

/** The scripts, styles and icons a built index.html names, as paths relative to the archive root. */
export function pageReferences(html, pageDir) {
  const references = [];
  for (const match of html.matchAll(/\b(?:src|href)="([^"]+)"/g)) {
    const target = match[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//')) continue;
    references.push(path.posix.normalize(path.posix.join(pageDir, target.replace(/^\//, ''))));
  }
  return references;
}
