// The wait's two ECS calls through the AWS SDK, with the client injected.
import {
  DescribeServiceDeploymentsCommand,
  type DescribeServiceDeploymentsCommandOutput,
  ListServiceDeploymentsCommand,
  type ListServiceDeploymentsCommandOutput,
} from "@aws-sdk/client-ecs";
import { ValidationError } from "../../lib/errors";
import type { DeploymentClient } from "./wait";

/** The calls the adapter sends; an `ECSClient` satisfies it, tests pass a fake that answers as ECS does. */
export interface EcsDeploymentsSend {
  send(command: ListServiceDeploymentsCommand): Promise<ListServiceDeploymentsCommandOutput>;
  send(command: DescribeServiceDeploymentsCommand): Promise<DescribeServiceDeploymentsCommandOutput>;
}

/**
 * A {@link DeploymentClient} over ECS. ListServiceDeployments and DescribeServiceDeployments throw
 * `ClusterNotFoundException` and `ServiceNotFoundException` for a wrong name
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListServiceDeployments.html#API_ListServiceDeployments_Errors):
 * those become the one-line `--cluster`/`--service` error.
 */
export function ecsDeploymentClient(ecs: EcsDeploymentsSend): DeploymentClient {
  return {
    async listServiceDeployments(input) {
      try {
        return await ecs.send(new ListServiceDeploymentsCommand(input));
      } catch (err) {
        throw notFound(err, input);
      }
    },
    async describeServiceDeployments(input) {
      return ecs.send(new DescribeServiceDeploymentsCommand(input));
    },
  };
}

function notFound(err: unknown, input: { cluster: string; service: string }): unknown {
  const name = (err as Error | undefined)?.name;
  if (name === "ClusterNotFoundException") {
    return new ValidationError("--cluster", input.cluster, "no such ECS cluster in this account and region");
  }
  if (name === "ServiceNotFoundException") {
    return new ValidationError(
      "--service",
      input.service,
      `no such ECS service in cluster ${input.cluster} (this account and region)`,
    );
  }
  return err;
}
