import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { message, shellCommand } from '../../e2e/fake-model-server/index.js';
import { detectSandbox } from '../sandbox/index.js';
import { SessionHarness } from './test-support/harness.js';

/*
 * The person's privacy settings, end to end through a real session: the fake model asks for commands, they
 * run under real bubblewrap with the environment read from a real login shell.
 */

const GITHUB_TOKEN = `ghp_${randomUUID()}`;
const AWS_SECRET = `aws-${randomUUID()}`;
const saved = { github: process.env.GITHUB_TOKEN, aws: process.env.AWS_SECRET_ACCESS_KEY };

// The test HOME (see test-support/test-home.ts): outside /tmp, which the workspace sandbox binds writable.
const home = os.homedir();
const secretFolder = `tandem-privacy-secret-${randomUUID()}`;
const plainFolder = `tandem-privacy-plain-${randomUUID()}`;
const secretFile = path.join(home, secretFolder, 'notes.txt');
const plainFile = path.join(home, plainFolder, 'notes.txt');

beforeAll(async () => {
  expect(await detectSandbox()).toMatchObject({ kind: 'bwrap' });
  // Set before the first session asks for the login environment: its login shell starts from this process's
  // environment, as a person's terminal starts with what their desktop session exported.
  process.env.GITHUB_TOKEN = GITHUB_TOKEN;
  process.env.AWS_SECRET_ACCESS_KEY = AWS_SECRET;
  mkdirSync(path.dirname(secretFile), { recursive: true });
  writeFileSync(secretFile, 'the secret plan\n');
  mkdirSync(path.dirname(plainFile), { recursive: true });
  writeFileSync(plainFile, 'an ordinary note\n');
});

afterAll(() => {
  for (const [name, value] of [
    ['GITHUB_TOKEN', saved.github],
    ['AWS_SECRET_ACCESS_KEY', saved.aws],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(path.dirname(secretFile), { recursive: true, force: true });
  rmSync(path.dirname(plainFile), { recursive: true, force: true });
});

let harness: SessionHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Runs one command per turn, in order, and answers each with what the command printed. */
async function runEach(options: Parameters<typeof SessionHarness.start>[0], commands: string[], between?: (turn: number, h: SessionHarness) => void) {
  harness = await SessionHarness.start({
    ...options,
    script: commands.flatMap((command, i) => [{ items: [shellCommand(command, { callId: `c${i}` })] }, { items: [message(`done ${i}`)] }]),
  });
  const ends = [];
  for (let i = 0; i < commands.length; i++) {
    between?.(i, harness);
    harness.send(`turn ${i}`);
    const end = await harness.waitFor('exec_command_end', (m) => m.call_id === `c${i}`);
    expect(await harness.waitForTurnEnd()).toMatchObject({ type: 'task_complete' });
    ends.push(end);
  }
  return ends;
}

describe('secret-looking variables', () => {
  it('are kept from commands, though the login shell had them', async () => {
    const [end] = await runEach({}, ['env']);
    expect(end!.exit_code).toBe(0);
    // The environment did arrive: only the secrets are missing.
    expect(end!.stdout).toMatch(/^PATH=/m);
    expect(end!.stdout).not.toContain('GITHUB_TOKEN');
    expect(end!.stdout).not.toContain(GITHUB_TOKEN);
    expect(end!.stdout).not.toContain('AWS_SECRET_ACCESS_KEY');
    expect(end!.stdout).not.toContain(AWS_SECRET);
    // Read from the login shell, not from Tandem's own environment as a fallback.
    expect(harness!.of('warning').map((warning) => warning.message)).not.toContainEqual(expect.stringMatching(/login shell/));
  });

  it('reach commands when passed through by name, and only those named', async () => {
    const [end] = await runEach({ envPassthrough: ['GITHUB_TOKEN'] }, ['env']);
    expect(end!.stdout).toMatch(new RegExp(`^GITHUB_TOKEN=${GITHUB_TOKEN}$`, 'm'));
    expect(end!.stdout).not.toContain('AWS_SECRET_ACCESS_KEY');
    expect(end!.stdout).not.toContain(AWS_SECRET);
  });
});

describe('hidden places', () => {
  it('cannot be read by a sandboxed command, while the rest of the home folder can', async () => {
    const [hidden, plain] = await runEach({ hiddenPaths: [`~/${secretFolder}`] }, [`cat ${secretFile}`, `cat ${plainFile}`]);
    expect(hidden!.exit_code).not.toBe(0);
    expect(hidden!.aggregated_output).not.toContain('the secret plan');
    expect(plain!.exit_code).toBe(0);
    expect(plain!.stdout).toBe('an ordinary note\n');
  });

  it('take a file by its absolute path too', async () => {
    const [hidden] = await runEach({ hiddenPaths: [secretFile] }, [`cat ${secretFile}`]);
    // A hidden file reads as empty, not as a denial (which would offer a re-run outside the sandbox).
    expect(hidden!.exit_code).toBe(0);
    expect(hidden!.aggregated_output).toBe('');
  });
});

describe('new preferences for a running session', () => {
  it('apply from its next command', async () => {
    const command = `cat ${secretFile}; env | grep -c '^GITHUB_TOKEN=' || true`;
    const ends = await runEach({}, [command, command, command], (turn, h) => {
      if (turn === 1) h.session.setSandboxPreferences({ hiddenPaths: [`~/${secretFolder}`], envPassthrough: ['GITHUB_TOKEN'] });
      if (turn === 2) h.session.setSandboxPreferences({ hiddenPaths: [], envPassthrough: [] });
    });
    const [before, changed, undone] = ends.map((end) => end.aggregated_output);
    expect(before).toContain('the secret plan');
    expect(before).toMatch(/^0$/m);
    expect(changed).not.toContain('the secret plan');
    expect(changed).toMatch(/^1$/m);
    expect(undone).toContain('the secret plan');
    expect(undone).toMatch(/^0$/m);
  });

  it('apply to the commands of a turn already running, from its next model request', async () => {
    harness = await SessionHarness.start({
      approvalPolicy: 'untrusted',
      script: [
        { items: [shellCommand(`touch made.txt`, { callId: 'c0' })] },
        { items: [shellCommand(`cat ${secretFile}`, { callId: 'c1' })] },
        { items: [message('done')] },
      ],
    });
    harness.send('go');
    await harness.waitFor('exec_approval_request', (m) => m.call_id === 'c0');
    // Saved in Settings while the turn waits for the person.
    harness.session.setSandboxPreferences({ hiddenPaths: [`~/${secretFolder}`], envPassthrough: [] });
    harness.submit({ type: 'exec_approval', id: 'c0', decision: 'approved' });
    const later = await harness.waitFor('exec_command_end', (m) => m.call_id === 'c1');
    expect(later.exit_code).not.toBe(0);
    expect(later.aggregated_output).not.toContain('the secret plan');
  });
});
