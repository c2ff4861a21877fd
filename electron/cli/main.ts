import { Command, CommanderError } from 'commander';
import { addSharedOptions, sessionOptionsFrom, type SharedCliOptions } from './options.js';
import { runExec } from './exec.js';
import { runProto } from './proto.js';

function fail(err: unknown): never {
  process.stderr.write(`tandem: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command('tandem')
    .description('Tandem: a coding agent for your project folder. Headless commands; the app is started with `npm start`.')
    .showHelpAfterError()
    .exitOverride();

  addSharedOptions(
    program
      .command('exec')
      .description('run one task to completion (defaults: --ask-for-approval never, --sandbox read-only)')
      .argument('[prompt]', 'the request; "-" or none reads it from stdin')
      .option('--json', 'print every event as a JSON line'),
  ).action(async (prompt: string | undefined, opts: SharedCliOptions & { json?: boolean }) => {
    await runExec(prompt, {
      json: opts.json === true,
      session: sessionOptionsFrom(opts, { approvalPolicy: 'never', sandbox: 'read-only' }),
    });
  });

  addSharedOptions(
    program.command('proto').description('read submissions as JSON lines on stdin and write events as JSON lines on stdout'),
  ).action(async (opts: SharedCliOptions) => {
    await runProto(sessionOptionsFrom(opts, { approvalPolicy: 'on-request', sandbox: 'workspace-write' }));
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    fail(err);
  }
}
