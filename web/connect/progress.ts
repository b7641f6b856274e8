import { ApiProblem, ApiUnreachable } from '../shared/api.js';
import { isTerminal, type Connection } from './types.js';

/**
 * Follows a connection's progress stream (server-sent events over fetch: EventSource cannot send
 * the Authorization header). Reopens a stream that ended early (a restart, the server's stream
 * age limit) until the state is terminal or `stop` is called.
 */
export function followProgress(
  connectionId: string,
  token: string,
  handlers: { onProgress(c: Connection): void; onError(e: Error): void },
): () => void {
  const controller = new AbortController();
  let last: Connection | undefined;

  async function readOnce(): Promise<void> {
    let response: Response;
    try {
      response = await fetch(`/v1/connections/${connectionId}/progress/stream`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal: controller.signal,
      });
    } catch {
      throw new ApiUnreachable();
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => undefined)) as ConstructorParameters<typeof ApiProblem>[0] | undefined;
      throw new ApiProblem(body ?? { status: response.status, title: response.statusText });
    }
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (data) {
          last = JSON.parse(data) as Connection;
          handlers.onProgress(last);
        }
      }
    }
  }

  void (async () => {
    while (!controller.signal.aborted && !(last && isTerminal(last))) {
      try {
        await readOnce();
      } catch (error) {
        if (controller.signal.aborted) return;
        handlers.onError(error instanceof ApiProblem ? error : new ApiUnreachable());
        if (error instanceof ApiProblem) return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return () => controller.abort();
}
