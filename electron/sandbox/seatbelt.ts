import fs from 'node:fs';
import path from 'node:path';
import { hiddenLocations, type HiddenLocation, type SandboxHiding } from './hidden.js';
import { SEATBELT_EXECUTABLE } from './kind.js';
import type { WritableRootsInput } from './roots.js';
import { allowsNetwork, writableRootsFor } from './roots.js';

/*
 * A deny-by-default Seatbelt profile: read anything, run and signal processes inside the sandbox,
 * write only /dev/null and the writable roots (never their .git), no network unless allowed, and
 * neither read nor write the hidden secret locations. Unix sockets are network-outbound to Seatbelt:
 * without network none is reachable, and with it they stay denied (only IP traffic is opened).
 * Paths enter as -D parameters rather than being spliced into the profile, so no quoting can break it.
 */
const BASE_PROFILE = `(version 1)
(deny default)
(allow process-exec)
(allow process-fork)
(allow signal (target same-sandbox))
(allow process-info* (target same-sandbox))
(allow file-read*)
(allow file-write-data (require-all (literal "/dev/null") (vnode-type CHARACTER-DEVICE)))
(allow file-write-data (literal "/dev/stdout") (literal "/dev/stderr") (regex #"^/dev/fd/[0-9]+$"))
(allow sysctl-read)
(allow mach-host*)
(allow user-preference-read)
(allow ipc-posix-sem)
(allow mach-lookup
  (global-name "com.apple.system.opendirectoryd.libinfo")
  (global-name "com.apple.SystemConfiguration.configd"))
`;

const NETWORK_PROFILE = `(allow network-outbound)
(deny network-outbound (remote unix-socket))
(allow network-inbound)
(allow system-socket)
(allow mach-lookup
  (global-name "com.apple.SystemConfiguration.DNSConfiguration")
  (global-name "com.apple.dnssd.service")
  (global-name "com.apple.trustd.agent"))
`;

/** Seatbelt matches resolved paths (/tmp is /private/tmp on macOS), so roots must be resolved too. */
function resolvedPath(target: string): string {
  try {
    return fs.realpathSync.native(target);
  } catch {
    return target;
  }
}

export function seatbeltProfile(rootCount: number, network: boolean, hidden: readonly HiddenLocation['kind'][] = []): string {
  let profile = BASE_PROFILE;
  for (let i = 0; i < rootCount; i++) {
    profile +=
      `(allow file-write* (require-all (subpath (param "WRITABLE_ROOT_${i}"))` +
      ` (require-not (subpath (param "WRITABLE_ROOT_${i}_GIT")))))\n`;
  }
  if (network) profile += NETWORK_PROFILE;
  // Last, so they win over the broad file-read* and the writable roots.
  hidden.forEach((kind, i) => {
    const filter = kind === 'folder' ? 'subpath' : 'literal';
    profile += `(deny file-read* file-write* (${filter} (param "HIDDEN_${i}")))\n`;
  });
  return profile;
}

export function seatbeltArgv(argv: readonly string[], options: WritableRootsInput & { hiding?: SandboxHiding | undefined }): string[] {
  const roots = writableRootsFor(options).map(resolvedPath);
  const hidden = hiddenLocations(options.hiding ?? {}, options.workspace);
  const params = roots.flatMap((root, i) => [
    `-DWRITABLE_ROOT_${i}=${root}`,
    `-DWRITABLE_ROOT_${i}_GIT=${path.join(root, '.git')}`,
  ]);
  hidden.forEach((location, i) => params.push(`-DHIDDEN_${i}=${resolvedPath(location.path)}`));
  const profile = seatbeltProfile(roots.length, allowsNetwork(options.policy), hidden.map((location) => location.kind));
  return [SEATBELT_EXECUTABLE, '-p', profile, ...params, '--', ...argv];
}
