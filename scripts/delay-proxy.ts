// A registry "far away" for the bench: an HTTP proxy on 127.0.0.1 that holds every request for
// `delayMs` before passing it on, like a registry in another region or behind a VPN (the delay is
// per request; connection and TLS handshakes are not delayed: the front keeps its connections).
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Service } from './rig.ts';

export interface DelayProxyOptions {
  /** Origin the requests go to, e.g. the registry's http://127.0.0.1:5000. */
  target: string;
  delayMs: number;
  port?: number;
}

export interface DelayProxy extends Service {
  /** Requests passed on so far. */
  readonly requests: number;
}

export async function startDelayProxy({ target, delayMs, port = 0 }: DelayProxyOptions): Promise<DelayProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  let requests = 0;

  const forward = (req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    const out = httpRequest(
      { agent, host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: req.headers.host ?? upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    out.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`delay proxy: ${error.message}`);
    });
    req.pipe(out);
  };

  const server = createServer((req, res) => {
    // Paused until forwarded: the body (uploads) waits with the request.
    req.pause();
    if (delayMs > 0) setTimeout(() => forward(req, res), delayMs);
    else forward(req, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: listening } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${listening}`,
    pid: process.pid,
    get requests() {
      return requests;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
