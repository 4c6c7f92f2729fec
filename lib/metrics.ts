import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { mongo } from 'mongoose';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';

/** A registry with the process's own figures (CPU, memory, event loop lag, GC, store commands). */
export function processRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registry.registerMetric(storeCommands);
  return registry;
}

/**
 * The commands this process sends to the store, by command and collection: the figure to
 * watch when a change adds round trips, and the bench's store commands per action. One
 * counter per process, in every registry `processRegistry` makes.
 */
const storeCommands = new Counter({
  name: 'ijro_store_commands_total',
  help: 'Commands sent to MongoDB/FerretDB by command and collection',
  labelNames: ['command', 'collection'],
  registers: [],
});
const watched = new WeakSet<mongo.MongoClient>();

/** Counts a client's commands (connected with `monitorCommands`, as `connectMongo` does). */
export function countStoreCommands(client: mongo.MongoClient): void {
  if (watched.has(client)) return;
  watched.add(client);
  client.on('commandStarted', (e) => {
    // The collection is the command's value (find: "users"); getMore names it apart.
    const target: unknown = e.command[e.commandName];
    const named: unknown = typeof target === 'string' ? target : e.command.collection;
    storeCommands.inc({
      command: e.commandName,
      collection: typeof named === 'string' ? named : '',
    });
  });
}

/**
 * Serves `/metrics` of a process that has no HTTP server of its own, on 127.0.0.1:`port`,
 * or on another free port when that one is taken (two stacks on one machine).
 */
export async function serveMetrics(registry: Registry, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') return res.writeHead(404).end();
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500).end(String(err)),
    );
  });
  const listen = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(port).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    return listen(0);
  });
  server.unref();
  return server;
}

export const portOf = (server: http.Server) => (server.address() as AddressInfo).port;
