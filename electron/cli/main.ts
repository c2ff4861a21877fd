import { Command, CommanderError } from 'commander';
import { defaultTandemHome } from '../agent/config.js';
import { makeHomePrivate } from '../home/private-home.js';
import { ALLOW_BROAD_FOLDER_FLAG, addSharedOptions, sessionOptionsFrom, type SharedCliOptions } from './options.js';
import { registerServeCommand } from './serve.js';

// Each command loads what it runs when it runs: `tandem serve` prints its URL before it loads the host (and zod
// with it), and its sessions load the agent when the first one opens. What this file imports statically is what
// every command needs to read its flags; the rest is import()ed by the command that uses it, and by fail().

/** Exit status of a refused folder, as of a usage error: the command was not run at all. */
const BROAD_FOLDER_EXIT = 2;

async function fail(err: unknown): Promise<never> {
  const [{ hostErrorCodeOf }, { SessionLockedError, describeHolder }] = await Promise.all([import('../../shared/host/host-error.js'), import('../store/index.js')]);
  if (hostErrorCodeOf(err) === 'broad_folder') {
    process.stderr.write(`tandem: ${(err as Error).message} Give a project folder with -C DIR, or pass ${ALLOW_BROAD_FOLDER_FLAG} to work in this one anyway.\n`);
    process.exit(BROAD_FOLDER_EXIT);
  }
  if (err instanceof SessionLockedError) {
    const look = `tandem proto --resume ${err.holder.session_id} --read-only`;
    process.stderr.write(`tandem: This session is open in ${describeHolder(err.holder)}. Close it there, or open it read-only to look: ${look}\n`);
    process.exit(1);
  }
  process.stderr.write(`tandem: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('tandem')
    .description('Tandem: a coding agent for your project folder. Headless commands; the app is started with `npm start`.')
    .showHelpAfterError()
    .exitOverride()
    // Before any command reads or writes there: a home from an earlier version may be readable by others.
    .hook('preAction', () => {
      for (const problem of makeHomePrivate(defaultTandemHome(process.env))) process.stderr.write(`tandem: ${problem}\n`);
    });

  addSharedOptions(
    program
      .command('exec')
      .description('run one task to completion (defaults: --ask-for-approval never, --sandbox read-only)')
      .argument('[prompt]', 'the request; "-" or none reads it from stdin')
      .option('--json', 'print every event as a JSON line')
      .option('--resume <id>', 'continue the session with this id (see `tandem sessions`)'),
  ).action(async (prompt: string | undefined, opts: SharedCliOptions & { json?: boolean; resume?: string }) => {
    const session = { ...sessionOptionsFrom(opts, { approvalPolicy: 'never', sandbox: 'read-only' }), resumeId: opts.resume, holder: { kind: 'cli', command: 'exec' } as const };
    const [{ checkSessionFolder }, { withSavedSettings }, { runExec }] = await Promise.all([import('./folder-check.js'), import('./sandbox-preferences.js'), import('./exec.js')]);
    await checkSessionFolder(session, opts.allowBroadFolder === true);
    await runExec(prompt, { json: opts.json === true, session: await withSavedSettings(session) });
  });

  addSharedOptions(
    program
      .command('proto')
      .description('read submissions as JSON lines on stdin and write events as JSON lines on stdout')
      .option('--resume <id>', 'continue the session with this id (see `tandem sessions`)')
      .option('--read-only', 'with --resume: replay the session to look at it, even while it is open elsewhere; ops that would change it are refused'),
  ).action(async (opts: SharedCliOptions & { resume?: string; readOnly?: boolean }) => {
    const readOnly = opts.readOnly === true;
    if (readOnly && opts.resume === undefined) throw new Error('--read-only opens a saved session to look at: give its id with --resume ID.');
    const session = {
      ...sessionOptionsFrom(opts, { approvalPolicy: 'on-request', sandbox: 'workspace-write' }),
      resumeId: opts.resume,
      readOnly,
      holder: { kind: 'cli', command: 'proto' } as const,
    };
    const [{ checkSessionFolder }, { withSavedSettings }, { runProto }] = await Promise.all([import('./folder-check.js'), import('./sandbox-preferences.js'), import('./proto.js')]);
    // A read-only session runs nothing, in whatever folder.
    if (!readOnly) await checkSessionFolder(session, opts.allowBroadFolder === true);
    await runProto(await withSavedSettings(session));
  });

  program
    .command('sessions')
    .description('list saved sessions, newest first (in TANDEM_HOME)')
    .option('-C, --cd <dir>', 'only sessions in this folder')
    .option('-n, --limit <count>', 'at most this many', (value) => Number.parseInt(value, 10))
    .option('--json', 'one JSON object per line')
    .option('--search <words>', 'where these words are (case-insensitive, as typed) in the saved sessions, newest first')
    .action(async (opts: { cd?: string; limit?: number; json?: boolean; search?: string }) => {
      const { runSessions } = await import('./sessions.js');
      await runSessions(opts);
    });

  registerServeCommand(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    await fail(err);
  }
}
