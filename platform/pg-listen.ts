import pg from 'pg';

export interface ListenLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface ListenOptions {
  databaseUrl: string;
  channels: string[];
  /** Names the listener in its log lines ("outbox listener"). */
  name: string;
  logger: ListenLogger;
  onNotification(channel: string, payload: string): void;
  /**
   * After every (re)connect. Notifications sent while nobody listened are lost for good, so this
   * is where a listener catches up on what it may have missed.
   */
  onListening?(): unknown;
}

export interface Listening {
  close(): Promise<void>;
}

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

/**
 * LISTEN on a dedicated Postgres connection (a pooled one would be handed to other queries and
 * stop hearing): a dropped connection (Postgres restarted, network cut) is replaced with backoff,
 * never a crash, until `close`.
 */
export function listenReconnecting(options: ListenOptions): Listening {
  const { logger, name } = options;
  let connection: pg.Client | undefined;
  let reconnectTimer: NodeJS.Timeout | undefined;
  let reconnectDelay = RECONNECT_MIN_MS;
  let closed = false;

  function reconnectLater(): void {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined;
      void connect();
    }, reconnectDelay);
    reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
  }

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: options.databaseUrl });
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost || closed) return;
      lost = true;
      logger.warn({ error: error?.message ?? 'connection ended' }, `${name} lost its connection; reconnecting`);
      if (connection === next) connection = undefined;
      void next.end().catch(() => undefined);
      reconnectLater();
    };
    next.on('error', onLost);
    next.on('end', () => onLost());
    next.on('notification', (message) => {
      if (message.payload) options.onNotification(message.channel, message.payload);
    });
    try {
      await next.connect();
      for (const channel of options.channels) await next.query(`listen ${channel}`);
    } catch (error) {
      onLost(error as Error);
      return;
    }
    if (closed || lost) {
      await next.end().catch(() => undefined);
      return;
    }
    connection = next;
    reconnectDelay = RECONNECT_MIN_MS;
    logger.info({ channels: options.channels }, `${name} listening`);
    await options.onListening?.();
  }

  void connect();

  return {
    async close() {
      closed = true;
      clearTimeout(reconnectTimer);
      await connection?.end().catch(() => undefined);
    },
  };
}
