import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

/** Opens a Connect session with a client key (inject), answering its token and URL. */
export async function openSession(app: FastifyInstance, key: string, body: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: '/v1/connect/sessions', headers: { authorization: `Bearer ${key}` }, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { token: string; url: string; expiresAt: string };
}

/** Reads server-sent events from a fetch stream until `until` holds for one of them or the stream ends. */
export async function readEvents<T>(response: Response, until: (event: T) => boolean): Promise<T[]> {
  const seen: T[] = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return seen;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data) continue;
        const event = JSON.parse(data) as T;
        seen.push(event);
        if (until(event)) return seen;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
