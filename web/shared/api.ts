/**
 * The pages' one way to call the API: same origin only (the CSP allows nothing else), answers
 * parsed, problems (RFC 9457) turned into errors a page can show beside a field, and an
 * unreachable API told apart from a refusal so the page can say so.
 */
export interface Problem {
  status: number;
  title: string;
  detail?: string;
  type?: string;
  /** Field errors of a 400, when the API names them. */
  errors?: { field: string; message: string }[];
  [key: string]: unknown;
}

export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiProblem';
  }
}

export class ApiUnreachable extends Error {
  constructor() {
    super('Onramp cannot be reached right now. Check your connection and try again in a moment.');
    this.name = 'ApiUnreachable';
  }
}

export async function callApi<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  let response: Response;
  try {
    response = await fetch(path, {
      credentials: 'same-origin',
      ...rest,
      headers: { accept: 'application/json', ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  } catch {
    throw new ApiUnreachable();
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    if (response.status >= 502 && body === undefined) throw new ApiUnreachable();
    throw new ApiProblem((body as Problem | undefined) ?? { status: response.status, title: response.statusText });
  }
  return body as T;
}
