// Lets each benchmark file run on its own (`node bench/flood.mjs`) as well as from bench/run.mjs.
import { pathToFileURL } from 'node:url';
import { ensurePeer } from './peer.mjs';
import { progress, renderTable } from './stats.mjs';

export function isMain(moduleUrl) {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** Runs one benchmark and prints its rows as the table. */
export async function runStandalone(run) {
  const peer = await ensurePeer();
  if (!peer.available) progress(`peer unavailable: ${peer.why}`);
  const rows = await run({ peer });
  process.stdout.write(`${renderTable(rows)}\n`);
}

/**
 * Runs the peer's part once more if it fails: the peer is a third-party program whose start can fail for reasons
 * of its own (its launcher crashing, say). The first failure is reported on stderr, never hidden.
 */
export async function retryPeerOnce(label, measure) {
  try {
    return await measure();
  } catch (error) {
    progress(`${label}: the Codex CLI failed (${String(error.message ?? error).slice(0, 300)}); trying once more`);
    return measure();
  }
}

/** What a peer column says when the peer could not run. */
export function peerUnavailable(peer) {
  return `peer unavailable: ${peer.why}`;
}
