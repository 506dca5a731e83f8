import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';

// From Nest's adapter itself: it bundles its own socket.io, whose types differ from the top-level copy's.
type Server = ReturnType<IoAdapter['createIOServer']>;
type ServerOptions = Parameters<IoAdapter['createIOServer']>[1];

/**
 * socket.io through Redis: a room (a classroom's live board, say) spans every
 * server instance, so an emit on one reaches sockets connected to the others.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly redisLogger = new Logger('SocketIoRedis');

  private constructor(
    app: INestApplicationContext,
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
  ) {
    super(app);
  }

  static async connect(app: INestApplicationContext, url: string): Promise<RedisIoAdapter> {
    const publisher = new Redis(url, { lazyConnect: true });
    const subscriber = publisher.duplicate();
    const adapter = new RedisIoAdapter(app, publisher, subscriber);
    for (const connection of [publisher, subscriber]) {
      // ioredis reconnects by itself; an unheard error event would end the process. Said once
      // per outage (it retries every few hundred ms), and again when it is back.
      let failing = false;
      connection.on('error', (error: unknown) => {
        if (failing) return;
        failing = true;
        adapter.redisLogger.error(
          `Redis for socket.io: ${error instanceof Error ? error.message : String(error)}; live boards reach this instance's sockets only until it is back.`,
        );
      });
      connection.on('ready', () => {
        if (failing) adapter.redisLogger.log('Redis for socket.io is back.');
        failing = false;
      });
    }
    try {
      await Promise.all([publisher.connect(), subscriber.connect()]);
    } catch (error) {
      publisher.disconnect();
      subscriber.disconnect();
      throw error;
    }
    return adapter;
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options);
    server.adapter(createAdapter(this.publisher, this.subscriber));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
