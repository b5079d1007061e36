import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { type PackageSchemaFile, subsetFromSchema } from "./package-schema";
import { inputProblems } from "./schema-subset";

// A small package schema in the form of a bridged provider's schema.json: a resource with an object type, an
// enum, a list of objects, a map, an integer and a reference to another resource (which stands for its ID).
const SCHEMA: PackageSchemaFile = {
  name: "aws",
  version: "7.48.0",
  resources: {
    "aws:ecs/service:Service": {
      inputProperties: {
        cluster: { type: "string", $ref: "#/types/aws:ecs/cluster:Cluster" },
        desiredCount: { type: "integer" },
        propagateTags: {
          type: "string",
          oneOf: [{ type: "string" }, { $ref: "#/types/aws:ecs/propagate:Propagate" }],
        },
        launchType: { $ref: "#/types/aws:ecs/launchType:LaunchType" },
        networkConfiguration: {
          $ref: "#/types/aws:ecs/ServiceNetworkConfiguration:ServiceNetworkConfiguration",
        },
        loadBalancers: {
          type: "array",
          items: { $ref: "#/types/aws:ecs/ServiceLoadBalancer:ServiceLoadBalancer" },
        },
        tags: { type: "object", additionalProperties: { type: "string" } },
      },
      requiredInputs: ["cluster"],
    },
    "aws:ecs/cluster:Cluster": { inputProperties: { name: { type: "string" } } },
  },
  types: {
    "aws:ecs/ServiceNetworkConfiguration:ServiceNetworkConfiguration": {
      type: "object",
      properties: {
        subnets: { type: "array", items: { type: "string" } },
        assignPublicIp: { type: "boolean" },
      },
      required: ["subnets"],
    },
    "aws:ecs/ServiceLoadBalancer:ServiceLoadBalancer": {
      type: "object",
      properties: { containerPort: { type: "integer" }, targetGroupArn: { type: "string" } },
      required: ["containerPort"],
    },
    "aws:ecs/launchType:LaunchType": { type: "string", enum: [{ value: "FARGATE" }, { value: "EC2" }] },
    "aws:ecs/propagate:Propagate": { type: "string", enum: [{ value: "SERVICE" }] },
    "aws:ecs/Unused:Unused": { type: "object", properties: { x: { type: "string" } } },
  },
};

describe("the schema subset read from a provider's schema.json", () => {
  const subset = subsetFromSchema(SCHEMA, ["aws:ecs/service:Service"]);

  it("the sample is a package schema as Pulumi's metaschema defines it", () => {
    const metaschema = JSON.parse(readFileSync(join(__dirname, "../provider/vendor/pulumi.json"), "utf8"));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(metaschema);
    assert.ok(validate(SCHEMA), ajv.errorsText(validate.errors));
  });

  it("keeps the resources asked for and exactly the types they reach", () => {
    assert.deepEqual(Object.keys(subset.resources), ["aws:ecs/service:Service"]);
    assert.deepEqual(Object.keys(subset.types), [
      "aws:ecs/ServiceLoadBalancer:ServiceLoadBalancer",
      "aws:ecs/ServiceNetworkConfiguration:ServiceNetworkConfiguration",
      "aws:ecs/launchType:LaunchType",
      "aws:ecs/propagate:Propagate",
    ]);
    // A reference to the cluster resource is its ID, a string.
    assert.deepEqual(subset.resources["aws:ecs/service:Service"].inputProperties.cluster, { type: "string" });
    assert.throws(
      () => subsetFromSchema(SCHEMA, ["aws:ecs/taskSet:TaskSet"]),
      /not a resource of the aws schema/,
    );
  });

  it("checks integers, strict enums and nested required inputs, which the SDK declarations cannot carry", () => {
    const problems = (inputs: Record<string, unknown>) =>
      inputProblems(subset, "aws:ecs/service:Service", inputs);
    const valid = {
      cluster: "arn:aws:ecs:us-east-1:123456789012:cluster/c",
      desiredCount: 2,
      propagateTags: "TASK_DEFINITION",
      launchType: "FARGATE",
      networkConfiguration: { subnets: ["subnet-a"] },
      loadBalancers: [{ containerPort: 8000 }],
      tags: { team: "api" },
    };
    assert.deepEqual(problems(valid), []);
    assert.deepEqual(
      problems({
        ...valid,
        desiredCount: 1.5,
        launchType: "fargate",
        loadBalancers: [{ targetGroupArn: "arn" }],
      }),
      [
        "desiredCount: expected an integer, got 1.5",
        'launchType: expected one of FARGATE, EC2, got "fargate"',
        "loadBalancers[0].containerPort: required, missing",
      ],
    );
  });
});
