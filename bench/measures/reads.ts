import type { BenchStack } from '../stack.js';
import { inParallel, pair, timed, type Pair } from '../pair.js';

/** `requests` GETs, `inFlight` at a time over keep-alive connections, spread over the given ids. */
async function requestsPerSecond(get: (id: string) => Promise<Response>, ids: string[], requests: number, inFlight: number): Promise<number> {
  const once = async (i: number) => {
    const res = await get(ids[i % ids.length]!);
    if (res.status !== 200) throw new Error(`GET answered ${res.status}`);
    await res.arrayBuffer();
  };
  await inParallel(Math.min(requests, 50), inFlight, once);
  const { ms } = await timed(() => inParallel(requests, inFlight, once));
  return requests / (ms / 1000);
}

/** GET /v1/connections/:id against a bare Fastify route selecting the same row by id. */
export async function measureReads(stack: BenchStack, ids: string[], requests: number, inFlight: number): Promise<Pair> {
  const headers = { authorization: `Bearer ${stack.config.apiKeys[0]!.key}` };
  const onramp = await requestsPerSecond((id) => fetch(`${stack.apiUrl}/v1/connections/${id}`, { headers }), ids, requests, inFlight);
  const floor = await requestsPerSecond((id) => fetch(`${stack.floorApiUrl}/row/${id}`), ids, requests, inFlight);
  return pair(`GET /v1/connections/:id, ${inFlight} in flight`, 'req/s', 'higher', onramp, floor);
}
