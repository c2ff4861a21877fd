/*
 * A seccomp filter, in classic BPF, that refuses to create AF_UNIX sockets (socket(2) with domain 1)
 * and lets every other system call through. bwrap installs it for commands that keep the network:
 * they share the machine's network namespace, and with it the abstract unix sockets (X11's
 * @/tmp/.X11-unix/X0, some D-Bus buses), which no mount can hide. socketpair(2) stays allowed, so
 * programs still talk to their own children. Without network the namespace is the sandbox's own and
 * no filter is needed.
 */

const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO_EPERM = 0x00050001;
const SECCOMP_RET_KILL_PROCESS = 0x80000000;
const AF_UNIX = 1;
// Offsets in struct seccomp_data.
const DATA_NR = 0;
const DATA_ARCH = 4;
const DATA_ARG0_LOW = 16;

interface Architecture {
  audit: number;
  socketCall: number;
  /** System call numbers at or above this belong to another ABI (x32), which the filter does not know. */
  foreignAbove: number;
}

const ARCHITECTURES: Partial<Record<NodeJS.Architecture, Architecture>> = {
  x64: { audit: 0xc000003e, socketCall: 41, foreignAbove: 0x40000000 },
  arm64: { audit: 0xc00000b7, socketCall: 198, foreignAbove: 0xffffffff },
};

type Instruction = [code: number, jumpTrue: number, jumpFalse: number, k: number];

/** The filter for this machine's architecture as bytes (struct sock_filter, little-endian), or null where it has none. */
export function unixSocketFilter(arch: NodeJS.Architecture = process.arch): Buffer | null {
  const known = ARCHITECTURES[arch];
  if (!known) return null;
  const program: Instruction[] = [
    [BPF_LD_W_ABS, 0, 0, DATA_ARCH],
    [BPF_JEQ_K, 1, 0, known.audit], // another ABI (32-bit on a 64-bit kernel): stop it
    [BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS],
    [BPF_LD_W_ABS, 0, 0, DATA_NR],
    [BPF_JGE_K, 5, 0, known.foreignAbove], // -> kill
    [BPF_JEQ_K, 0, 2, known.socketCall], // not socket(2) -> allow
    [BPF_LD_W_ABS, 0, 0, DATA_ARG0_LOW],
    [BPF_JEQ_K, 1, 0, AF_UNIX], // -> refuse
    [BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW],
    [BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO_EPERM],
    [BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS],
  ];
  const bytes = Buffer.alloc(program.length * 8);
  program.forEach(([code, jumpTrue, jumpFalse, k], i) => {
    bytes.writeUInt16LE(code, i * 8);
    bytes.writeUInt8(jumpTrue, i * 8 + 2);
    bytes.writeUInt8(jumpFalse, i * 8 + 3);
    bytes.writeUInt32LE(k >>> 0, i * 8 + 4);
  });
  return bytes;
}

/** The filter as `printf %b` escapes, so a shell can feed it to bwrap on a pipe without a file anyone could swap. */
export function printfEscaped(bytes: Buffer): string {
  return [...bytes].map((byte) => `\\x${byte.toString(16).padStart(2, '0')}`).join('');
}
