/**
 * The ECR API over HTTP for the AWS SDK in the project's tools (`npm run images -- push-plan`, the
 * rollback's image check): point `AWS_ENDPOINT_URL_ECR` at it (the SDK's service-specific endpoint
 * variable, https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). It speaks ECR's
 * JSON 1.1 protocol (`X-Amz-Target: AmazonEC2ContainerRegistry_V20150921.<Operation>`; an error is HTTP 400
 * with `__type`) over the same state as the `docker` and `aws` fakes (fakes/ecr.cjs).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

interface EcrModule {
  operations: Record<string, (input: unknown, env: NodeJS.ProcessEnv) => unknown>;
  EcrError: new (type: string, message: string) => Error & { type: string };
}
const ecr: EcrModule = require("./fakes/ecr.cjs");

export class EcrServer {
  private server?: http.Server;
  /** Every operation the endpoint answered, in order. */
  readonly calls: { operation: string; input: unknown }[] = [];

  constructor(private readonly stateDir: string) {}

  async listen(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let text = "";
      req.on("data", (d) => (text += d));
      req.on("end", () => {
        const operation =
          String(req.headers["x-amz-target"] ?? "")
            .split(".")
            .pop() ?? "";
        const input = text ? JSON.parse(text) : {};
        this.calls.push({ operation, input });
        const send = (status: number, body: unknown) => {
          res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
          res.end(JSON.stringify(body));
        };
        const fn = ecr.operations[operation];
        if (!fn) return send(400, { __type: "UnknownOperationException", message: operation });
        try {
          send(200, fn(input, { ...process.env, FAKE_STATE_DIR: this.stateDir }));
        } catch (err) {
          if (err instanceof ecr.EcrError) send(400, { __type: err.type, message: err.message });
          else send(500, { __type: "InternalFailure", message: String(err) });
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
