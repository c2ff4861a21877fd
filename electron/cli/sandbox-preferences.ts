import { uniqueEntries } from '../../shared/host/sandbox-privacy.js';
import { resolveOptions, type SessionOptions } from '../agent/config.js';
import { readHeadlessSettings } from '../host/settings/settings-store.js';

/**
 * `tandem exec` and `tandem proto` open their session without a host, and take little from Settings (as
 * `codex exec` takes its model and policies from its flags). The privacy lists are the exception: a place
 * the person hid in the app must stay hidden from a headless run on the same TANDEM_HOME. `--hide` and
 * `--pass-env` add to them. So is "Keep the conversation on the server": a person who chose it in the app
 * (or refused it) gets the same from a headless run; `--server-state` turns it on for one run only.
 */
export async function withSavedSettings(options: SessionOptions): Promise<SessionOptions> {
  const home = resolveOptions(options).home;
  if (home === null) return options;
  const saved = await readHeadlessSettings(home);
  return {
    ...options,
    hiddenPaths: uniqueEntries(saved.hiddenPaths, options.hiddenPaths),
    envPassthrough: uniqueEntries(saved.envPassthrough, options.envPassthrough),
    serverState: options.serverState === true || saved.serverState,
  };
}
