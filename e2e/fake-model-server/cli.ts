// `node out/e2e/fake-model-server/cli.js --script script.json [--port N] [--fallback JSON]`
// Prints the base URL as the first stdout line, then serves until killed; one line per request on stderr.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseScript, parseScriptedResponse, ScriptError } from './script-file.js';
import { startFakeModelServer } from './server.js';
import type { ScriptedResponse } from './scripted-response.js';

const USAGE = 'usage: cli.js [--script script.json] [--fallback \'{"items":[{"type":"message","text":"done"}]}\'] [--port N]';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      script: { type: 'string' },
      fallback: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const script = values.script === undefined ? [] : parseScript(readJson(values.script, `--script ${values.script}`), values.script);
  const fallback = values.fallback === undefined ? undefined : parseScriptedResponse(parseJson(values.fallback, '--fallback'), '--fallback');
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new ScriptError(`--port: expected a port number, got ${values.port ?? ''}`);

  const server = await startFakeModelServer(fallback === undefined ? { script, port } : { script, port, fallback });
  server.respondWith((request): ScriptedResponse | undefined => {
    const input = Array.isArray(request.body.input) ? request.body.input.length : 0;
    const previous = request.body.previous_response_id;
    const chained = typeof previous === 'string' ? `, after ${previous} (${request.effectiveInput?.length ?? 0} items in all)` : '';
    process.stderr.write(`fake model server: request #${request.index + 1} (${input} input items${chained}, ${request.bodyBytes} bytes)\n`);
    return undefined;
  });
  process.stdout.write(`${server.baseUrl}\n`);

  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ScriptError(`${what}: cannot read the file (${(error as Error).message})`);
  }
  return parseJson(text, what);
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ScriptError(`${what}: not valid JSON (${(error as Error).message})`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const known = error instanceof ScriptError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
  process.stderr.write(`fake model server: ${known ? (error as Error).message : String(error)}\n${known ? `${USAGE}\n` : ''}`);
  process.exit(2);
});
