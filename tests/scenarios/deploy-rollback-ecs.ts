// A fake ECS endpoint for the deploy scenario: the two service-deployment calls, over AWS's JSON protocol.
import http from "node:http";
import type { AddressInfo } from "node:net";

/** One look at the followed deployment: its status and what ECS says about it. */
export interface DeploymentState {
  status: string;
  statusReason?: string;
  rollback?: { reason: string };
  alarms?: { status: string; alarmNames: string[]; triggeredAlarmNames: string[] };
}

/**
 * ECS speaks AWS JSON 1.1: `POST /` with `X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Operation>`,
 * timestamps as epoch seconds, errors as a 400 whose body names `__type`
 * (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html). ListServiceDeployments answers the
 * service's deployments (ServiceDeploymentBrief); each DescribeServiceDeployments moves the followed one to
 * its next state, the last state staying. The SDK is pointed here with AWS_ENDPOINT_URL_ECS
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
 */
export async function ecsServer(cluster: string, service: string, states: DeploymentState[]) {
  const arn = `arn:aws:ecs:us-east-1:123456789012:service-deployment/${cluster}/${service}/NewDeployment1`;
  const calls: { operation: string; input: Record<string, unknown> }[] = [];
  let looks = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const input = JSON.parse(Buffer.concat(chunks).toString() || "{}") as Record<string, unknown>;
    const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
    calls.push({ operation, input });
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(body));
    };
    if (input.service !== undefined && input.service !== service) {
      return answer(400, { __type: "ServiceNotFoundException", message: "Service not found." });
    }
    const state = states[Math.min(looks, states.length - 1)];
    if (operation === "ListServiceDeployments") {
      return answer(200, {
        serviceDeployments: [
          {
            serviceDeploymentArn: arn.replace("NewDeployment1", "OldDeployment0"),
            status: "SUCCESSFUL",
            createdAt: 1764720000,
          },
          { serviceDeploymentArn: arn, status: state.status, createdAt: 1764806400 },
        ],
      });
    }
    if (operation === "DescribeServiceDeployments") {
      looks += 1;
      return answer(200, {
        serviceDeployments: [{ serviceDeploymentArn: arn, createdAt: 1764806400, ...state }],
        failures: [],
      });
    }
    return answer(400, { __type: "InvalidParameterException", message: `fake ECS: no ${operation}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arn,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
