import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { fakeCreate } from "../../engine/fake-aws";
import { runProgram } from "../../engine/run-program";
import { one, run } from "../harness";

class Box extends pulumi.ComponentResource {
  constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("test:index:Box", name, {}, opts);
    new aws.ecr.Repository(name, {}, { parent: this });
    this.registerOutputs({});
  }
}

describe("offline engine", () => {
  it("records URNs with the whole parent type chain, like the real engine", async () => {
    const result = await run(
      () => {
        const outer = new Box("outer");
        new Box("inner", { parent: outer });
      },
      { stack: "prod" },
    );
    const inner = result.resources.find((r) => r.name === "inner" && r.custom);
    assert.equal(
      inner?.urn,
      "urn:pulumi:prod::pantstack::test:index:Box$test:index:Box$aws:ecr/repository:Repository::inner",
    );
    assert.equal(inner?.parent, "urn:pulumi:prod::pantstack::test:index:Box$test:index:Box::inner");
    assert.equal(
      one(result, "test:index:Box", "outer").parent,
      undefined,
      "top-level resources have no parent",
    );
  });

  it("answers with outputs shaped like AWS's, in the configured region", async () => {
    const result = await run(
      () => {
        new aws.ecr.Repository("repo", {});
        new aws.lb.LoadBalancer("lb", { name: "edge" });
      },
      { config: { "aws:region": "eu-west-1" } },
    );
    const repo = one(result, "aws:ecr/repository:Repository");
    assert.match(
      String(repo.outputs.repositoryUrl),
      /^123456789012\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/repo-[0-9a-f]{7}$/,
    );
    const lb = one(result, "aws:lb/loadBalancer:LoadBalancer");
    assert.match(
      String(lb.outputs.arn),
      /^arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer\/app\/edge\/[0-9a-f]{16}$/,
    );
    assert.match(String(lb.outputs.dnsName), /^edge-\d+\.eu-west-1\.elb\.amazonaws\.com$/);
  });

  it("gives the same result on every run", async () => {
    const program = () => {
      new Box("a");
      new aws.iam.Role("r", { assumeRolePolicy: "{}" });
    };
    const first = await run(program);
    const second = await run(program);
    assert.deepEqual(second, first);
  });

  it("makes a failed registration an error even when nothing awaits the resource", async () => {
    await assert.rejects(
      run(() => {
        new aws.ecr.Repository("same", {});
        new aws.ecr.Repository("same", {});
      }),
      /duplicate resource URN .*same/,
    );
  });

  it("reports a rejected input instead of dropping the resource", async () => {
    await assert.rejects(
      run(() => {
        new aws.ecr.Repository("repo", { name: pulumi.output(Promise.reject(new Error("lookup failed"))) });
      }),
      /lookup failed/,
    );
  });

  it("fails on a data source it cannot answer, naming it", async () => {
    await assert.rejects(
      run(() => aws.ec2.getAmiOutput({ owners: ["amazon"], mostRecent: true }).id),
      /cannot answer the data source aws:ec2\/getAmi:getAmi/,
    );
  });

  it("answers stack references with the given outputs and refuses unknown ones", async () => {
    let seen: unknown;
    await run(
      () => {
        new pulumi.StackReference("org/pantstack/test").getOutput("domain").apply((d) => {
          seen = d;
        });
      },
      { stackOutputs: (name) => (name === "org/pantstack/test" ? { domain: "example.dev" } : undefined) },
    );
    assert.equal(seen, "example.dev");
    await assert.rejects(
      run(() => new pulumi.StackReference("org/pantstack/nope").outputs),
      /no outputs are known for the referenced stack "org\/pantstack\/nope"/,
    );
  });

  it("fails at once when a resource waits on a stack output that does not exist, and runs on after it", async () => {
    const shared = () => ({ present: "yes" });
    const started = Date.now();
    await assert.rejects(
      run(
        () => {
          const ref = new pulumi.StackReference("org/pantstack/shared");
          new aws.ecr.Repository("repo", { name: ref.requireOutput("missing") as pulumi.Output<string> });
        },
        { stackOutputs: shared },
      ),
      /Required output 'missing' does not exist on stack 'org\/pantstack\/shared'/,
    );
    // Without the engine failing on the rejection, the resource waits for ever and so does every later run.
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    const next = await run(() => {
      new aws.ecr.Repository("after", {});
    });
    assert.equal(next.resources.length, 1);
  });

  it("returns the program's outputs resolved, and serializes overlapping runs", async () => {
    const [a, b] = await Promise.all([
      runProgram({ stack: "a", program: () => ({ url: pulumi.output("https://a") }) }),
      runProgram({ stack: "b", program: () => ({ url: pulumi.output("https://b") }) }),
    ]);
    assert.deepEqual(a.outputs, { url: "https://a" });
    assert.deepEqual(b.outputs, { url: "https://b" });
  });

  it("gives unknown types a generic ID and ARN", () => {
    const { id, state } = fakeCreate(
      "aws:mq/broker:Broker",
      "jobs",
      "urn:x",
      { delaySeconds: 1 },
      "us-east-1",
    );
    assert.match(id, /^jobs-[0-9a-f]{8}$/);
    assert.equal(state.delaySeconds, 1);
    assert.match(String(state.arn), /^arn:aws:mq:us-east-1:123456789012:jobs\//);
  });
});

describe("runProgram: aliases", () => {
  it("records each alias as the URN the resource had, as the plan JSON lists it", async () => {
    const result = await runProgram({
      stack: "unit",
      config: { "aws:region": "us-east-1" },
      program: () => {
        new aws.sqs.Queue("jobs", {}, { aliases: [{ name: "queue" }] });
      },
    });
    const queue = result.resources.find((r) => r.name === "jobs");
    assert.deepEqual(queue?.options.aliases, ["urn:pulumi:unit::pantstack::aws:sqs/queue:Queue::queue"]);
  });
});
