import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI runs as its own Node process, as benchmarks and manual sessions start it.
let dir: string;
let cliPath: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fake-model-cli-'));
  cliPath = join(dir, 'cli.mjs');
  await build({ entryPoints: [fileURLToPath(new URL('./cli.ts', import.meta.url))], bundle: true, platform: 'node', format: 'esm', outfile: cliPath, logLevel: 'silent' });
});

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

function startCli(args: string[]): { child: ChildProcess; firstLine: Promise<string>; exit: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', () => reject(new Error(`cli exited before printing a line: ${stderr}`)));
  });
  // A test that expects the CLI to fail never awaits the first line.
  firstLine.catch(() => undefined);
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
  return { child, firstLine, exit };
}

async function functionCallsAndText(client: OpenAI): Promise<{ commands: string[]; text: string }> {
  const commands: string[] = [];
  let text = '';
  for await (const event of await client.responses.create({ model: 'm', input: 'go', stream: true })) {
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.output_item.done' && event.item.type === 'function_call') {
      commands.push((JSON.parse(event.item.arguments) as { command: string }).command);
    }
  }
  return { commands, text };
}

describe('fake model server CLI', () => {
  it('serves the multi-step sample script, then the fallback', async () => {
    const script = fileURLToPath(new URL('./scripts/multi-step.json', import.meta.url));
    const { child, firstLine, exit } = startCli(['--script', script, '--fallback', '{"items":[{"type":"message","text":"nothing more"}]}']);

    const baseUrl = await firstLine;
    const client = new OpenAI({ apiKey: 'k', baseURL: baseUrl, maxRetries: 0 });
    const turns = [];
    for (let i = 0; i < 5; i++) turns.push(await functionCallsAndText(client));
    child.kill('SIGTERM');

    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(turns.map((turn) => turn.commands)).toEqual([['ls -la'], ["printf 'hello from tandem\\n' > notes.txt"], ['cat notes.txt'], [], []]);
    expect(turns[3]?.text).toContain('notes.txt');
    expect(turns[4]?.text).toBe('nothing more');
    const { code, stderr } = await exit;
    expect(code).toBe(0);
    expect(stderr).toContain('request #5');
  });

  it('reports a broken script and exits with status 2', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ items: [{ type: 'message' }] }]));

    const { exit } = startCli(['--script', bad]);

    const { code, stderr } = await exit;
    expect(code).toBe(2);
    expect(stderr).toContain('[0].items[0].text: expected a string');
  });
});
