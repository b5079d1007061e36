import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import semver from "semver";
import type { RecordedResource } from "../../engine/recording-monitor";
import { EcsBackendService } from "../../lib/ecs/ecs-backend-service";
import type { StackPlan } from "../../plan/plan";
import { one, run } from "../harness";
import { plannedStacks } from "../support/planned";
import { DEFAULT_CATALOG } from "./planned-requests";
import { inputProblems, type ProviderSchemaSubset } from "./schema-subset";
import { problemsOf, SCHEMAS } from "./vendored";

const ROOT = join(__dirname, "../..");
const readJson = <T>(path: string): T => JSON.parse(readFileSync(join(ROOT, path), "utf8")) as T;

describe("planned inputs against the providers' schemas", () => {
  it("the vendored subsets are for the SDK versions installed and pinned", () => {
    const pins = readJson<{ devDependencies: Record<string, string> }>("package.json").devDependencies;
    for (const [pkg, npm] of [
      ["aws", "@pulumi/aws"],
      ["github", "@pulumi/github"],
    ]) {
      const installed = readJson<{ version: string }>(`node_modules/${npm}/package.json`).version;
      assert.equal(
        SCHEMAS[pkg].version,
        installed,
        `vendor/${pkg}.json: regenerate it for ${npm}@${installed}`,
      );
      assert.ok(semver.satisfies(installed, pins[npm]), `${npm}@${installed} satisfies ${pins[npm]}`);
    }
  });

  it("every AWS and GitHub resource the stacks register with the default catalog has valid inputs", async () => {
    const plans = await plannedStacks(DEFAULT_CATALOG);
    const { checked, problems } = problemsOf(plans.flatMap((p) => p.resources));
    assert.deepEqual(problems, []);
    assert.ok(checked > 150, `checked ${checked} resources`);
  });

  it("prod's canary rollout and deployment alarms are among the inputs checked", async () => {
    const prod = (await plannedStacks(DEFAULT_CATALOG)).find((p) => p.stack === "prod");
    const api = one(prod as StackPlan, "aws:ecs/service:Service", "api-service");
    assert.equal((api.inputs.deploymentConfiguration as { strategy: string }).strategy, "CANARY");
    assert.equal((api.inputs.alarms as { rollback: boolean }).rollback, true);
    assert.deepEqual(problemsOf([api]), { checked: 1, problems: [] });
    // The schema types the bake times as strings (the stacks send "10"): a number is refused.
    const deployment = api.inputs.deploymentConfiguration as Record<string, unknown>;
    assert.deepEqual(
      inputProblems(SCHEMAS.aws, api.type, {
        ...api.inputs,
        deploymentConfiguration: { ...deployment, bakeTimeInMinutes: 10 },
      }),
      ["deploymentConfiguration.bakeTimeInMinutes: expected a string, got 10"],
    );
  });

  describe("the check is not vacuous", () => {
    let service: RecordedResource;
    before(async () => {
      const [test] = await plannedStacks({ stacks: ["test"] });
      service = one(test, "aws:ecs/service:Service");
    });
    const problems = (inputs: Record<string, unknown>) =>
      inputProblems(SCHEMAS.aws, "aws:ecs/service:Service", inputs);

    it("reports an unknown input name, with the name it was probably meant to be", () => {
      const { desiredCount, ...rest } = service.inputs;
      assert.deepEqual(problems({ ...rest, desiredCont: desiredCount }), [
        "desiredCont: not an input; did you mean desiredCount?",
      ]);
      const network = service.inputs.networkConfiguration as Record<string, unknown>;
      const { subnets, ...others } = network;
      assert.deepEqual(
        problems({ ...service.inputs, networkConfiguration: { ...others, subnet: subnets } }),
        [
          "networkConfiguration.subnets: required, missing",
          "networkConfiguration.subnet: not an input; did you mean subnets?",
        ],
      );
    });

    it("reports a missing required input and a value of the wrong type", () => {
      const role = { path: "/pantstack/", description: "no trust policy" };
      assert.deepEqual(inputProblems(SCHEMAS.aws, "aws:iam/role:Role", role), [
        "assumeRolePolicy: required, missing",
      ]);
      assert.deepEqual(problems({ ...service.inputs, desiredCount: "1", enableEcsManagedTags: "true" }), [
        'desiredCount: expected a number, got "1"',
        'enableEcsManagedTags: expected a boolean, got "true"',
      ]);
      assert.deepEqual(problems({ ...service.inputs, loadBalancers: { containerPort: 8000 } }), [
        'loadBalancers: expected a list, got {"containerPort":8000}',
      ]);
      assert.deepEqual(problems({ ...service.inputs, tags: { team: 7 } }), [
        "tags.team: expected a string, got 7",
      ]);
    });

    it("reports a value outside an enum, and a resource type the subset does not have", () => {
      const schema: ProviderSchemaSubset = {
        ...SCHEMAS.aws,
        resources: {
          "aws:x/y:Y": { inputProperties: { mode: { $ref: "#/types/aws:x/mode:Mode" } }, requiredInputs: [] },
        },
        types: { "aws:x/mode:Mode": { type: "string", enum: [{ value: "ON" }, { value: "OFF" }] } },
      };
      assert.deepEqual(inputProblems(schema, "aws:x/y:Y", { mode: "ON" }), []);
      assert.deepEqual(inputProblems(schema, "aws:x/y:Y", { mode: "on" }), [
        'mode: expected one of ON, OFF, got "on"',
      ]);
      assert.deepEqual(inputProblems(SCHEMAS.aws, "aws:ecs/capacityProvider:CapacityProvider", {}), [
        "aws:ecs/capacityProvider:CapacityProvider: not in the vendored schema subset (regenerate it)",
      ]);
    });

    // The SDK's constructors copy only the inputs they declare (a misspelled key in a literal is also a type
    // error), but a transformation's props reach the provider as they are: stack-wide tagging is one.
    const backend = (transformation: pulumi.ResourceTransformation) =>
      run(
        () =>
          new EcsBackendService(
            "auth",
            {
              cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/pantstack-test",
              repositoryUrl: "123456789012.dkr.ecr.us-east-1.amazonaws.com/pantstack/auth",
              imageTag: "v1.2.3",
              network: { vpcId: "vpc-1", subnetIds: ["subnet-a"] },
              namespaceArn: "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-0123456789abcdef",
              clientSecurityGroupIds: ["sg-0api"],
            },
            { transformations: [transformation] },
          ),
        { stack: "test" },
      );

    it("finds a misspelled key that a transformation puts on a real ECS service", async () => {
      const result = await backend(({ type, props, opts }) => {
        if (type !== "aws:ecs/service:Service") return undefined;
        const { propagateTags, ...rest } = props;
        return { props: { ...rest, propogateTags: propagateTags }, opts };
      });
      const { checked, problems } = problemsOf(result.resources);
      assert.ok(checked > 5, `checked ${checked} resources`);
      assert.deepEqual(problems, [
        "urn:pulumi:test::pantstack::pantstack:ecs:EcsBackendService$aws:ecs/service:Service::auth-service: " +
          "propogateTags: not an input; did you mean propagateTags?",
      ]);
    });

    it("finds tags that a transformation adds to a resource that takes none", async () => {
      const result = await backend(({ type, props, opts }) =>
        type.startsWith("aws:") ? { props: { ...props, tags: { team: "auth" } }, opts } : undefined,
      );
      const { problems } = problemsOf(result.resources);
      assert.ok(problems.length > 0);
      for (const problem of problems) assert.match(problem, /: tags: not an input$/);
      assert.ok(problems.some((p) => p.includes("aws:iam/rolePolicy:RolePolicy")));
    });
  });
});
