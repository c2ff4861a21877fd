import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const execDir = path.dirname(import.meta.dirname);

export type HostScript = 'built' | 'missing' | 'exits-at-once';

/**
 * Writes an agent-like program into `dir`: `body` runs with `exec` bound to electron/exec/index.ts,
 * bundled as the CLI or the app would ship it. The exec host is looked for beside the bundle, so
 * `host` decides what the program finds there.
 */
export async function writeAgentScript(dir: string, name: string, body: string, host: HostScript = 'built'): Promise<string> {
  const { buildSync } = await import('esbuild');
  const script = path.join(dir, `${name}.mjs`);
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
  buildSync({
    stdin: { contents: `import * as exec from './index.ts';\n${body}`, resolveDir: execDir, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: script,
    logLevel: 'silent',
  });
  const hostFile = path.join(dir, 'host-main.js');
  switch (host) {
    case 'built':
      buildSync({ entryPoints: [path.join(execDir, 'host-main.ts')], bundle: true, platform: 'node', format: 'esm', outfile: hostFile, logLevel: 'silent' });
      break;
    case 'exits-at-once':
      writeFileSync(hostFile, "process.stderr.write('host: cannot go on\\n'); process.exit(3);\n");
      break;
    case 'missing':
      rmSync(hostFile, { force: true });
      break;
  }
  return script;
}
