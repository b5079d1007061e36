// What goes wrong on dev, run as GitHub runs auto-deploy-dev.yml, and that Slack (SLACK_WEBHOOK_URL) hears it:
// - test was bootstrapped but never deployed, and a push releases nothing: the deploy refuses in the
//   program's one line (no image given, none running) and fails;
// - a deploy cancelled while it runs is reported, and Slack hears "cancelled";
// - a release whose tag push GitHub refuses (a tag ruleset that GITHUB_TOKEN may not pass) fails the
//   release job: no GitHub release, no build, no deploy.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import type { RunRecord } from "../workflow-runner/run";
import { explain, type Scenario } from "../workflow-runner/scenario";
import { onlyJobs, releaseWorld, runWithCalls } from "./release-world";

const WEBHOOK = "https://hooks.slack.com/services/T0/B0/fake";

/**
 * GitHub's answer to a tag push a ruleset refuses (the GH013 text; git prefixes a hook's lines with
 * "remote:"): https://docs.github.com/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/troubleshooting-rules
 * `git push --dry-run`, semantic-release's permission check, runs no hook, as GitHub checks no rule for it.
 */
const TAG_RULESET_HOOK = `#!/bin/sh
while read -r old new ref; do
  case "$ref" in
    refs/tags/v*)
      echo "error: GH013: Repository rule violations found for $ref."
      echo "- Cannot create ref due to creations being restricted."
      exit 1 ;;
  esac
done
`;

describe("scenario: failed and cancelled runs on dev, and Slack", function () {
  this.timeout(180_000);
  let s: Scenario;
  let dispose: () => Promise<void>;
  let firstDeploy: RunRecord;
  let cancelled: RunRecord;
  let refused: RunRecord;

  before(async () => {
    ({ s, dispose } = await releaseWorld({ stacks: [], secrets: { SLACK_WEBHOOK_URL: WEBHOOK } }));
    s.addStack({ name: "test" }); // `pulumi stack init test`, never deployed: no outputs, no image
    let before = s.sha("dev");
    s.commit("dev", ["chore(infra): the first test environment"]);
    firstDeploy = await s.run("auto-deploy-dev.yml", s.pushEvent("dev", before));

    before = s.sha("dev");
    s.commit("dev", ["chore(infra): a larger task"]);
    const handle = await s.startRun("auto-deploy-dev.yml", {
      ...s.pushEvent("dev", before),
      // Someone cancels the run while test's deploy is at its lock check.
      beforeStep: (job, step) => {
        if (job === "deploy" && step.name.startsWith("No lock or pending operations")) handle.cancel();
      },
    });
    cancelled = await handle.finished;

    fs.writeFileSync(path.join(s.remote, "hooks/pre-receive"), TAG_RULESET_HOOK, { mode: 0o755 });
    before = s.sha("dev");
    s.commit("dev", ["feat(api): orders"]);
    ({ run: refused } = await runWithCalls(
      s,
      onlyJobs("auto-deploy-dev.yml", ["release"]),
      s.pushEvent("dev", before),
    ));
  });
  after(() => dispose?.());

  const slack = (run: RunRecord, job: string) => {
    const step = run.job(job).step("Tell Slack");
    assert.equal(step.outcome, "success", `${job}'s Slack step ran`);
    assert.equal(step.with.webhook, WEBHOOK);
    return step.with.payload;
  };

  it("a first deploy without any image refuses in one line, and Slack hears the failed deploy", () => {
    assert.equal(firstDeploy.job("release").outputs.tag, "");
    const deploy = firstDeploy.job("deploy");
    assert.equal(deploy.result, "failure", explain(firstDeploy));
    const up = deploy.step("pulumi up (test) with the policy pack");
    assert.equal(up.outcome, "failure");
    assert.deepEqual(
      up.stderr.split("\n").filter((l) => l.startsWith("error:")),
      [
        'error: pantstack:images: (missing) is not allowed; api runs no image yet (a first deploy); give pantstack:images {"api":{"image":"<its release repository>@sha256:…","version":"v1.0.0"}} or pantstack:imageTag',
      ],
    );
    assert.equal(deploy.step("Smoke test").outcome, "skipped");
    assert.match(slack(firstDeploy, "deploy"), /test deploy of the running image: failure/);
  });

  it("a deploy cancelled while it runs is reported, and Slack hears it was cancelled", () => {
    assert.equal(cancelled.conclusion, "cancelled");
    const deploy = cancelled.job("deploy");
    assert.equal(deploy.result, "cancelled");
    assert.equal(deploy.step("pulumi up (test) with the policy pack").outcome, "skipped");
    assert.match(
      deploy.step("A cancelled deploy is reported").stdout,
      /::error::the test deploy of the running image was cancelled; the stack may be locked \(npm run stacks -- guard\)/,
    );
    assert.match(slack(cancelled, "deploy"), /test deploy of the running image: cancelled/);
  });

  it("a release whose tag GitHub refuses fails the release job, and Slack hears it", () => {
    const release = refused.job("release");
    assert.equal(release.result, "failure");
    const step = release.step("Prerelease (semantic-release, release.config.cjs)");
    assert.match(
      step.stdout + step.stderr,
      /GH013: Repository rule violations found for refs\/tags\/v1\.3\.0-dev\.1/,
    );
    assert.ok(!s.refs("refs/tags").includes("refs/tags/v1.3.0-dev.1"));
    assert.equal(s.github.releases.length, 0, "no GitHub release");
    assert.match(
      slack(refused, "release"),
      /prerelease on dev failed \(https:\/\/github\.com\/pantstack\/pantstack-infra\/actions\/runs\/\d+\)/,
    );
  });
});
