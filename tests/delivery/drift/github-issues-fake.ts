// A stateful fake of GitHub's REST issues endpoints, served to the real Octokit through its `fetch` option.

/** An issue as GitHub's REST API returns it (the fields the drift report and these tests read). */
export interface FakeIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "reopened" | null;
  labels: { id: number; name: string; color: string }[];
  html_url: string;
  url: string;
  user: { login: string };
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  /** Present on pull requests only: GitHub's issues list returns them too. */
  pull_request?: { url: string };
  comments: string[];
}

const json = (status: number, data: unknown) =>
  new Response(JSON.stringify(data), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });

/**
 * Answers as GitHub documents (https://docs.github.com/en/rest/issues/issues,
 * https://docs.github.com/en/rest/issues/comments): `GET /repos/{owner}/{repo}/issues` lists open issues *and
 * pull requests* by default, filtered by `state` and comma-separated `labels`; `POST .../issues` answers 201
 * with the issue (labels named in the request are created as needed); `PATCH .../issues/{n}` answers 200;
 * `POST .../issues/{n}/comments` answers 201. A body over 65536 characters is a 422 "Validation Failed".
 */
export function githubIssuesFake(
  owner: string,
  repo: string,
  initial: Partial<FakeIssue>[] = [],
  apiUrl = "https://api.github.com",
) {
  const base = `https://github.com/${owner}/${repo}`;
  const api = `${apiUrl}/repos/${owner}/${repo}`;
  const requests: { method: string; path: string; body?: Record<string, unknown> }[] = [];
  let next = 1;
  const make = (fields: Partial<FakeIssue>): FakeIssue => {
    const number = fields.number ?? next;
    next = Math.max(next, number) + 1;
    return {
      id: 1000 + number,
      number,
      title: "",
      body: null,
      state: "open",
      state_reason: null,
      labels: [],
      html_url: `${base}/issues/${number}`,
      url: `${api}/issues/${number}`,
      user: { login: "github-actions[bot]" },
      created_at: "2026-12-01T03:00:00Z",
      updated_at: "2026-12-01T03:00:00Z",
      closed_at: null,
      comments: [],
      ...fields,
    };
  };
  const issues = initial.map(make);
  const label = (name: string) => ({ id: name.length, name, color: "d93f0b" });
  const view = ({ comments, ...issue }: FakeIssue) => ({ ...issue, comments: comments.length });
  const tooLong = (body: unknown) =>
    typeof body === "string" && body.length > 65536
      ? json(422, {
          message: "Validation Failed",
          errors: [
            {
              resource: "Issue",
              code: "custom",
              field: "body",
              message: "body is too long (maximum is 65536 characters)",
            },
          ],
          documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
        })
      : undefined;

  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const method = (init?.method ?? "GET").toUpperCase();
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
    if (!url.href.startsWith(api))
      throw new TypeError(`fetch failed: nothing answers at ${url.origin}${url.pathname}`);
    const path = url.pathname.replace(new URL(api).pathname, "");
    requests.push({ method, path: `${path}${url.search}`, ...(body ? { body } : {}) });
    const one = /^\/issues\/(\d+)$/.exec(path);
    const comments = /^\/issues\/(\d+)\/comments$/.exec(path);
    if (method === "GET" && path === "/issues") {
      const state = url.searchParams.get("state") ?? "open";
      const labels = (url.searchParams.get("labels") ?? "").split(",").filter(Boolean);
      const found = issues.filter(
        (i) =>
          (state === "all" || i.state === state) && labels.every((l) => i.labels.some((x) => x.name === l)),
      );
      return json(200, found.map(view));
    }
    if (method === "POST" && path === "/issues") {
      const refused = tooLong(body?.body);
      if (refused) return refused;
      const issue = make({
        title: String(body?.title),
        body: (body?.body as string) ?? null,
        labels: ((body?.labels as string[]) ?? []).map(label),
      });
      issues.push(issue);
      return json(201, view(issue));
    }
    if (one && method === "PATCH") {
      const issue = issues.find((i) => i.number === Number(one[1]));
      if (!issue) return json(404, { message: "Not Found" });
      const refused = tooLong(body?.body);
      if (refused) return refused;
      if (typeof body?.body === "string") issue.body = body.body;
      if (body?.state === "closed") {
        issue.state = "closed";
        issue.state_reason = (body.state_reason as FakeIssue["state_reason"]) ?? "completed";
        issue.closed_at = "2026-12-02T03:00:00Z";
      }
      return json(200, view(issue));
    }
    if (comments && method === "POST") {
      const issue = issues.find((i) => i.number === Number(comments[1]));
      if (!issue) return json(404, { message: "Not Found" });
      issue.comments.push(String(body?.body));
      const id = 5000 + issue.comments.length;
      return json(201, { id, body: body?.body, html_url: `${issue.html_url}#issuecomment-${id}` });
    }
    return json(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
  };
  return { fetch, issues, requests };
}
