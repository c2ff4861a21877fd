import { uniqueEntries } from '../../shared/host/sandbox-privacy.js';
import { resolveOptions, type SessionOptions } from '../agent/config.js';
import { readSandboxPreferences } from '../host/settings/settings-store.js';

/**
 * `tandem exec` and `tandem proto` open their session without a host, and take nothing else from Settings
 * (as `codex exec` takes its model and policies from its flags). The privacy lists are the exception: a place
 * the person hid in the app must stay hidden from a headless run on the same TANDEM_HOME. `--hide` and
 * `--pass-env` add to them.
 */
export async function withSavedSandboxPreferences(options: SessionOptions): Promise<SessionOptions> {
  const home = resolveOptions(options).home;
  if (home === null) return options;
  const saved = await readSandboxPreferences(home);
  return {
    ...options,
    hiddenPaths: uniqueEntries(saved.hiddenPaths, options.hiddenPaths),
    envPassthrough: uniqueEntries(saved.envPassthrough, options.envPassthrough),
  };
}
