// A TCP proxy on loopback that can be slowed to a given rate, each direction on its own, like a slow uplink
// between an agent and its model server. Bytes go out in small slices, each when the link would have carried
// its last byte, so a request's last byte arrives when a real link of that rate would deliver it.
import net from 'node:net';

const SLICE_BYTES = 4096;

export async function startThrottledLink(target) {
  const link = { bytesPerSecond: Infinity };
  const sockets = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      sockets.add(socket);
      socket.on('error', () => close());
      socket.on('close', () => close());
    }
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    shapedPipe(client, upstream, link);
    shapedPipe(upstream, client, link);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    /** Infinity passes bytes straight through; a number shapes both directions to that many bytes a second. */
    setRate(bytesPerSecond) {
      link.bytesPerSecond = bytesPerSecond;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function shapedPipe(from, to, link) {
  const pending = [];
  let timer;
  let ended = false;
  let linkFreeAt = 0;
  const pump = () => {
    timer = undefined;
    while (pending.length > 0) {
      const wait = pending[0].at - performance.now();
      if (wait > 0) {
        timer = setTimeout(pump, Math.ceil(wait));
        return;
      }
      to.write(pending.shift().bytes);
    }
    if (ended) to.end();
  };
  from.on('data', (chunk) => {
    const rate = link.bytesPerSecond;
    if (!Number.isFinite(rate) && pending.length === 0) {
      to.write(chunk);
      return;
    }
    for (let offset = 0; offset < chunk.length; offset += SLICE_BYTES) {
      const bytes = chunk.subarray(offset, offset + SLICE_BYTES);
      linkFreeAt = Math.max(linkFreeAt, performance.now()) + (Number.isFinite(rate) ? (bytes.length / rate) * 1000 : 0);
      pending.push({ bytes, at: linkFreeAt });
    }
    if (timer === undefined) pump();
  });
  from.on('end', () => {
    ended = true;
    if (timer === undefined && pending.length === 0) to.end();
  });
}
