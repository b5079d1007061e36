// The sweep's GitHub client talks to the API of the server the run is on, as Actions names it.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { realClients } from "../../../delivery/previews/clients";

describe("previews' GitHub client", () => {
  it("sends its calls to GITHUB_API_URL with the job's token", async () => {
    const seen: IncomingMessage[] = [];
    const server = createServer((req, res) => {
      seen.push(req);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ number: 5, state: "open", labels: [] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { client } = await realClients.pullRequests({
        GITHUB_REPOSITORY: "acme/app",
        GITHUB_TOKEN: "ghs_test",
        GITHUB_API_URL: `http://127.0.0.1:${port}/api/v3`,
      });
      const { data } = await client.pulls.get({ owner: "acme", repo: "app", pull_number: 5 });
      assert.equal(data.state, "open");
      assert.deepEqual(
        seen.map((r) => [r.method, r.url, r.headers.authorization]),
        [["GET", "/api/v3/repos/acme/app/pulls/5", "token ghs_test"]],
      );
    } finally {
      server.close();
    }
  });
});
