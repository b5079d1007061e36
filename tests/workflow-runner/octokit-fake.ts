/** One call a script made through the fake Octokit. */
export interface OctokitCall {
  /** `issues.createComment`, `request GET /repos/{owner}/{repo}`, `graphql`. */
  method: string;
  params: unknown;
}

/** Answers by method name; the value is the response's `data`. A call with no answer throws. */
export type OctokitAnswers = Record<string, (params: Record<string, unknown>) => unknown>;

/**
 * A recorded Octokit: `github.rest.<namespace>.<method>(params)` (and the same without `rest.`),
 * `github.paginate(method, params)`, `github.request(route, params)` and `github.graphql(query, vars)`.
 * Every call is recorded; the answer comes from `answers`, so a scenario states what GitHub replies
 * (with the documented response shapes) instead of the fake guessing.
 */
export function octokitFake(answers: OctokitAnswers, calls: OctokitCall[]) {
  const call = async (method: string, params: unknown) => {
    calls.push({ method, params });
    const answer = answers[method];
    if (!answer) throw new Error(`octokit fake: no answer for ${method}`);
    return { status: 200, data: await answer((params ?? {}) as Record<string, unknown>) };
  };
  const namespace = (ns: string) =>
    new Proxy(
      {},
      {
        get: (_target, name) => {
          const method = `${ns}.${String(name)}`;
          const fn = (params: unknown) => call(method, params);
          return Object.assign(fn, {
            endpoint: { merge: (p: unknown) => ({ method, params: p }) },
            methodName: method,
          });
        },
      },
    );
  const rest = new Proxy({}, { get: (_t, ns) => namespace(String(ns)) });
  const paginate = async (fn: ((p: unknown) => Promise<{ data: unknown }>) | string, params?: unknown) => {
    const response = typeof fn === "string" ? await call(`request ${fn}`, params) : await fn(params);
    return Array.isArray(response.data) ? response.data : [];
  };
  const request = (route: string, params?: unknown) => call(`request ${route}`, params);
  const graphql = async (query: string, variables?: unknown) =>
    (await call("graphql", { query, variables })).data;
  return new Proxy({ rest, paginate, request, graphql } as Record<string, unknown>, {
    get: (target, name) => (name in target ? target[name as string] : namespace(String(name))),
  });
}
