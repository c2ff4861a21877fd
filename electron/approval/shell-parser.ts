// Tree-sitter's bash grammar, loaded once per process. Loading is asynchronous (two WebAssembly
// modules), parsing afterwards is synchronous, so the approval checks stay plain functions.
import { createRequire } from 'node:module';
import v8 from 'node:v8';
import { Language, Parser, type Node } from 'web-tree-sitter';

// Resolved through Node's resolver rather than relative paths so that the same code finds the
// wasm files from electron/ under Vitest and from out/electron/ after tsc.
const resolvePackageFile = createRequire(import.meta.url).resolve;

let loading: Promise<Parser> | null = null;
let loaded: Parser | null = null;

async function createBashParser(): Promise<Parser> {
  const runtimeWasm = resolvePackageFile('web-tree-sitter/tree-sitter.wasm');
  const bashWasm = resolvePackageFile('tree-sitter-bash/tree-sitter-bash.wasm');
  // The grammar is small and parses short scripts: V8's baseline WebAssembly compiler is plenty, and
  // optimising it with TurboFan would leave 30-60 MB resident in the agent process for nothing.
  v8.setFlagsFromString('--liftoff-only');
  await Parser.init({ locateFile: () => runtimeWasm });
  const bash = await Language.load(bashWasm);
  const parser = new Parser();
  parser.setLanguage(bash);
  return parser;
}

/** Loads the bash grammar; later calls share the first load. Await it once before classifying commands. */
export function loadShellParser(): Promise<void> {
  if (loading === null) {
    loading = createBashParser().then(
      (parser) => {
        loaded = parser;
        return parser;
      },
      (error: unknown) => {
        // A failed load (missing wasm, say) must not poison every later attempt.
        loading = null;
        throw error;
      },
    );
  }
  return loading.then(() => undefined);
}

export function isShellParserLoaded(): boolean {
  return loaded !== null;
}

/**
 * Parses `script` and hands its root node to `read`. The tree lives in WebAssembly memory and is
 * freed when `read` returns, so `read` must not keep nodes.
 */
export function readShellSyntax<T>(script: string, read: (root: Node) => T): T | null {
  if (loaded === null) {
    // Classifying without the grammar would silently judge every script unknown (or, for the
    // danger check, harmless); a missing await is a bug to surface, not to paper over.
    throw new Error('The shell parser is not loaded: await loadShellParser() first.');
  }
  const tree = loaded.parse(script);
  if (tree === null) return null;
  try {
    return read(tree.rootNode);
  } finally {
    tree.delete();
  }
}
