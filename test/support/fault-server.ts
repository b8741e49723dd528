/**
 * A loopback HTTP server that misbehaves on purpose, below what intercom-server.ts can express:
 * each route is a function of the raw request and response, so a fault can cut the connection
 * after the headers, stall mid-body, stream without end, or lie in Content-Length. It counts the
 * requests that arrived per route and notices when a client stops reading (the socket closes
 * before the server finished writing).
 *
 *   const faults = await startFaultServer({ '/tags': (req, res) => { res.writeHead(200); res.write('{"da'); res.destroy(); } });
 *   await run('listTags', {}, { baseUrl: faults.url, token });
 *   faults.arrivals('/tags'); // how many requests came
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultHandler = (request: IncomingMessage, response: ServerResponse, arrival: number) => void;

export interface FaultServer {
  readonly url: string;
  /** Requests that arrived at a path (query ignored), all methods. */
  arrivals(path: string): number;
  /** Responses on that path whose connection closed before the handler ended them. */
  abandoned(path: string): number;
  /** Replace the handler of a path (the arrival count is kept). */
  route(path: string, handler: FaultHandler): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFaultServer(routes: Record<string, FaultHandler> = {}): Promise<FaultServer> {
  const handlers = new Map(Object.entries(routes));
  const arrived = new Map<string, number>();
  const dropped = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const count = arrived.get(path) ?? 0;
    arrived.set(path, count + 1);
    response.on('close', () => {
      if (!response.writableEnded) dropped.set(path, (dropped.get(path) ?? 0) + 1);
    });
    // The request body is read in full first, as a real server would before answering.
    request.resume();
    request.on('end', () => {
      const handler = handlers.get(path);
      if (!handler) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"type":"error.list","errors":[{"code":"not_found","message":"no route"}]}');
        return;
      }
      handler(request, response, count);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals: (path) => arrived.get(path) ?? 0,
    abandoned: (path) => dropped.get(path) ?? 0,
    route: (path, handler) => void handlers.set(path, handler),
    reset() {
      arrived.clear();
      dropped.clear();
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Writes `chunk` until the client stops reading (the connection closes) or `limit` bytes went out. */
export function streamForever(response: ServerResponse, chunk: string, limit = Number.POSITIVE_INFINITY): void {
  let sent = 0;
  const pump = () => {
    while (!response.destroyed && sent < limit) {
      sent += chunk.length;
      if (!response.write(chunk)) return void response.once('drain', pump);
    }
    if (!response.destroyed) response.end();
  };
  pump();
}
