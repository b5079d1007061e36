import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EcrRepository } from "../../lib/ecr/ecr-repository";
import { EcsApiService } from "../../lib/ecs/ecs-api-service";
import { GithubOidcRole } from "../../lib/github/github-oidc-role";
import { childrenOf, FAKE_ACCOUNT_ID, one, run, runComponent } from "../../testing";

describe("pantstack-infra/testing", () => {
  it("runComponent: the component's record, its children and its outputs resolved, AWS-shaped", async () => {
    const result = await runComponent(() => new EcrRepository("api", { ephemeral: true }), {
      config: { "aws:region": "eu-west-1" },
    });
    assert.equal(result.component.type, "pantstack:ecr:EcrRepository");
    assert.equal(result.component.urn, "urn:pulumi:test::pantstack::pantstack:ecr:EcrRepository::api");
    assert.deepEqual(
      childrenOf(result, result.component)
        .map((r) => r.type)
        .sort(),
      ["aws:ecr/lifecyclePolicy:LifecyclePolicy", "aws:ecr/repository:Repository"],
    );
    assert.deepEqual(Object.keys(result.outputs).sort(), ["arn", "repositoryName", "repositoryUrl"]);
    assert.equal(result.outputs.repositoryUrl, `${FAKE_ACCOUNT_ID}.dkr.ecr.eu-west-1.amazonaws.com/api`);
    assert.equal(result.outputs.arn, `arn:aws:ecr:eu-west-1:${FAKE_ACCOUNT_ID}:repository/api`);
  });

  it("run: a whole program, where computed outputs flow into other resources (image URI, execution policy)", async () => {
    const result = await run(
      () => {
        const repo = new EcrRepository("api", { ephemeral: true });
        const service = new EcsApiService("api", {
          cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/test",
          repositoryUrl: repo.repositoryUrl,
          imageTag: "v1.2.3",
          network: { vpcId: "vpc-1", subnetIds: ["subnet-a"] },
          routing: {
            listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/edge/1/2",
            loadBalancerSecurityGroupId: "sg-alb",
            hostname: "api.example.com",
            priority: 10,
          },
        });
        return { url: service.url };
      },
      { stack: "dev" },
    );
    const task = one(result, "aws:ecs/taskDefinition:TaskDefinition");
    const [container] = JSON.parse(String(task.inputs.containerDefinitions));
    assert.equal(container.image, "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v1.2.3");
    const execution = one(result, "aws:iam/rolePolicy:RolePolicy", "api-execution");
    assert.match(String(execution.inputs.policy), /arn:aws:ecr:us-east-1:123456789012:repository\/api/);
    assert.deepEqual(result.outputs, { url: "https://api.example.com" });
  });

  it("feeds stack references from stackOutputs and fails a reference it has no outputs for", async () => {
    const result = await run(
      () => ({ url: new pulumi.StackReference("acme/shared/prod").getOutput("repositoryUrl") }),
      {
        stackOutputs: (name) =>
          name === "acme/shared/prod" ? { repositoryUrl: "r.example/api" } : undefined,
      },
    );
    assert.deepEqual(result.outputs, { url: "r.example/api" });
    await assert.rejects(
      run(() => ({ url: new pulumi.StackReference("acme/shared/other").getOutput("repositoryUrl") })),
      /no outputs are known for the referenced stack "acme\/shared\/other"/,
    );
  });

  it("defaults as docs/library.md says: stack test, project pantstack, us-east-1; stackOutputs gets the name as given", async () => {
    const asked: string[] = [];
    const result = await run(
      () => ({
        stack: pulumi.getStack(),
        project: pulumi.getProject(),
        region: new pulumi.Config("aws").require("region"),
        short: new pulumi.StackReference("shared").getOutput("name"),
      }),
      {
        stackOutputs: (name) => {
          asked.push(name);
          return { name };
        },
      },
    );
    assert.deepEqual(result.outputs, {
      stack: "test",
      project: "pantstack",
      region: "us-east-1",
      short: "shared",
    });
    assert.deepEqual(asked, ["shared"]);
  });

  it("reports a failed registration as an error, even when nothing awaits the resource", async () => {
    await assert.rejects(
      run(() => {
        new aws.s3.Bucket("same");
        new aws.s3.Bucket("same");
      }),
      /duplicate resource URN/,
    );
  });

  it("surfaces a component's ValidationError", async () => {
    await assert.rejects(
      runComponent(
        () => new GithubOidcRole("ci", { repository: "acme/*", subjects: [{ kind: "pullRequest" }] }),
      ),
      /GithubOidcRole\(ci\)\.repository/,
    );
  });
});
