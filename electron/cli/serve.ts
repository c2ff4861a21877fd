import { existsSync } from 'node:fs';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { sandboxPolicyFromMode } from '../../shared/protocol/policy-names.js';
import { defaultTandemHome } from '../agent/config.js';
import type { Host, SessionOverrides } from '../host/index.js';
import { rendererDir } from '../doors/renderer-location.js';
// Not the folder's index: that would load the socket half (ws, zod) before the URL is printed.
import { startBrowserDoor } from '../doors/ws/browser-door.js';
import { reportEventLoopDelayOnSignal } from './event-loop-report.js';
import { addSharedOptions, type SharedCliOptions } from './options.js';

export interface ServeCliOptions extends SharedCliOptions {
  port?: number;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return port;
}

/** `tandem serve`: registered on the CLI's program by main.ts. */
export function registerServeCommand(program: Command): void {
  addSharedOptions(
    program
      .command('serve')
      .description(
        'serve the app to a browser at 127.0.0.1, behind a token in the URL it prints (with -C, a session in that folder opens at once; --allow-broad-folder applies to that folder only, the page asks for others)',
      )
      .addOption(new Option('--port <n>', 'the port on 127.0.0.1 (default: any free port)').argParser(parsePort)),
  ).action(async (opts: ServeCliOptions) => {
    await runServe(opts);
  });
}

export function overridesFrom(opts: SharedCliOptions): SessionOverrides {
  return {
    model: opts.model,
    baseUrl: opts.baseUrl,
    approvalPolicy: opts.askForApproval,
    sandboxPolicy: opts.sandbox === undefined ? undefined : sandboxPolicyFromMode(opts.sandbox),
    hiddenPaths: opts.hide,
    envPassthrough: opts.passEnv,
    serverState: opts.serverState === true ? true : undefined,
  };
}

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

/**
 * Runs the host with the browser door until SIGINT or SIGTERM. Stdout gets exactly one line, the URL, so
 * scripts and tests can read it; everything else goes to stderr.
 *
 * The door listens and the URL is printed before the host is loaded (zod, the protocol, the store: most of
 * serve's start). The door loads it when the page's socket first asks for it (or when it has been quiet for a
 * moment), so the browser gets the page's files without waiting on it. With -C the session is opened first, since
 * the URL names it.
 */
export async function runServe(opts: ServeCliOptions): Promise<void> {
  reportEventLoopDelayOnSignal(process.env, (line) => process.stderr.write(line));
  const home = defaultTandemHome(process.env);
  let port: number | null = null;
  let hostReady: Promise<Host> | null = null;
  const loadHost = (): Promise<Host> => {
    if (hostReady) return hostReady;
    hostReady = import('../host/index.js').then(
      ({ FileSecretStore, Host }) =>
        new Host({
          home,
          secrets: new FileSecretStore(home),
          overrides: overridesFrom(opts),
          warn: (message) => process.stderr.write(`${message}\n`),
          holder: () => ({ kind: 'serve', port }),
        }),
    );
    // Without its host, serve has nothing to offer.
    hostReady.catch((err: unknown) => {
      process.stderr.write(`tandem serve: the host did not start: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    });
    return hostReady;
  };
  const staticRoot = rendererDir();
  if (!existsSync(path.join(staticRoot, 'index.html'))) {
    process.stderr.write(`tandem serve: the page is not built (${staticRoot} is missing); run \`npm run build\`. The WebSocket door works without it.\n`);
  }
  const door = await startBrowserDoor({ host: loadHost, staticRoot, port: opts.port, warn: (message) => process.stderr.write(`${message}\n`) });
  port = door.port;
  // Sessions end first, so connected pages see them end rather than only lose the connection.
  const stop = async () => {
    // A host not loaded yet has no sessions to end.
    if (hostReady) await (await hostReady).shutdown();
    await door.close();
  };

  let sessionId: string | undefined;
  if (opts.cd !== undefined) {
    try {
      // The flag answers for this folder only; folders opened later from the page are confirmed there.
      sessionId = (await (await loadHost()).request('open_session', { cwd: path.resolve(opts.cd), allow_broad_folder: opts.allowBroadFolder === true })).session_id;
    } catch (err) {
      await stop();
      throw err;
    }
  }
  const signal = nextSignal();
  process.stdout.write(`Tandem is at ${door.url(sessionId)}\n`);
  process.stderr.write(`Open that URL in a browser on this machine (or through an SSH tunnel to the same port). Ctrl+C stops Tandem.\n`);

  const received = await signal;
  process.stderr.write(`tandem serve: ${received}: closing the sessions\n`);
  // A second signal means "now": the sessions are left to die with the process.
  const force = () => process.exit(130);
  process.once('SIGINT', force);
  process.once('SIGTERM', force);
  await stop();
  process.exit(0);
}
