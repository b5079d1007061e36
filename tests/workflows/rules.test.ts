import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CHECK_WORKFLOWS,
  DEFAULT_BUILD_COMMAND,
  DEFAULT_BUILT_IMAGE,
  ENVIRONMENTS,
  PULUMI_OIDC_TEAMS,
  REPOSITORY_SECRETS,
  REPOSITORY_VARIABLES,
  REQUIRED_CHECKS,
} from "../../stacks/github/variables";
import { evaluate } from "../workflow-runner/expressions";
import { environmentOf, expressionsIn, type Job, loadWorkflows, ROOT, type Workflow } from "./workflow-files";

const workflows = loadWorkflows();
const jobs = workflows.flatMap((w) => Object.entries(w.jobs).map(([id, job]) => ({ w, id, job })));
const label = (w: Workflow, id: string) => `${w.file}#${id}`;
const steps = (job: Job) => job.steps ?? [];
const runs = (job: Job) => steps(job).map((s) => s.run ?? "");
const uses = (job: Job, action: string) => steps(job).some((s) => s.uses?.startsWith(`${action}@`));
const permissions = (job: Job) => (typeof job.permissions === "object" ? job.permissions : {});

/** Jobs that change a stack, and the stack each changes. */
function stackChanged(job: Job): string | undefined {
  const script = runs(job).join("\n");
  if (/npm run rollback -- --stack prod/.test(script)) return "prod";
  if (/npm run -s previews -- cleanup/.test(script)) return "preview-cleanup";
  const up = script.match(/pulumi (?:up|destroy)\b.*-s "?\$?(\w[\w-]*)"?/);
  if (!up) return undefined;
  return up[1] === "STACK" ? "preview-pr-<N>" : up[1];
}

describe("workflows: the rules every workflow follows", () => {
  it("the expected workflows exist", () => {
    const files = workflows.map((w) => w.file);
    for (const f of [
      "ci.yml",
      "auto-deploy-dev.yml",
      "auto-deploy-main.yml",
      "pr-preview.yml",
      "preview-cleanup.yml",
      "semantic-pr.yml",
      "rollback.yml",
      "drift.yml",
    ]) {
      assert.ok(files.includes(f), `${f} is missing`);
    }
  });

  describe("permissions", () => {
    it("every workflow grants nothing by default and every job declares its own", () => {
      for (const w of workflows) assert.deepEqual(w.permissions, {}, `${w.file}: top-level permissions: {}`);
      for (const { w, id, job } of jobs) {
        assert.equal(typeof job.permissions, "object", `${label(w, id)} declares permissions`);
        for (const [scope, level] of Object.entries(permissions(job))) {
          assert.ok(["read", "write"].includes(level), `${label(w, id)}: ${scope}: ${level}`);
        }
      }
    });

    it("id-token: write exactly where a role is assumed, a Pulumi token minted or npm trusted publishing runs", () => {
      for (const { w, id, job } of jobs) {
        const assumes =
          uses(job, "aws-actions/configure-aws-credentials") ||
          uses(job, "pulumi/auth-actions") ||
          runs(job).some((r) => /npm publish --provenance/.test(r));
        assert.equal(permissions(job)["id-token"] === "write", assumes, label(w, id));
      }
    });

    it("pull-requests: write only where a comment or pull request is written", () => {
      for (const { w, id, job } of jobs) {
        const writes =
          runs(job).some((r) => /gh pr create/.test(r)) ||
          runs(job).some((r) => /npm run -s previews -- cleanup/.test(r)) || // rewrites the preview comment
          steps(job).some((s) => String(s.with?.script ?? "").includes("upsert-comment.cjs"));
        assert.equal(permissions(job)["pull-requests"] === "write", writes, label(w, id));
      }
    });

    it("contents: write only for semantic-release and the back-merge branch; other write scopes only where used", () => {
      for (const { w, id, job } of jobs) {
        const p = permissions(job);
        const releases = runs(job).some((r) =>
          /npx semantic-release|repos\/\$GITHUB_REPOSITORY\/git\/refs/.test(r),
        );
        assert.equal(p.contents === "write", releases, `${label(w, id)} contents`);
        const reportsDrift = runs(job).some((r) => /npm run -s drift -- report/.test(r));
        assert.equal(p.issues === "write", reportsDrift, `${label(w, id)} issues`);
        const dispatches = runs(job).some((r) => /gh workflow run/.test(r));
        assert.equal(p.actions === "write", dispatches, `${label(w, id)} actions`);
        const allowed = ["contents", "id-token", "pull-requests", "actions", "issues"];
        for (const scope of Object.keys(p)) assert.ok(allowed.includes(scope), `${label(w, id)}: ${scope}`);
      }
    });
  });

  describe("deploys", () => {
    const deploys = jobs.filter(({ job }) => stackChanged(job) !== undefined);

    it("every stack change is in the job-level queue of its stack, which never cancels a running update", () => {
      assert.ok(deploys.length >= 6, `found ${deploys.length} deploy jobs`);
      for (const { w, id, job } of deploys) {
        const stack = stackChanged(job) as string;
        const c = job.concurrency;
        assert.ok(c && typeof c === "object", `${label(w, id)} has a concurrency group`);
        assert.equal(c["cancel-in-progress"], false, `${label(w, id)}: cancel-in-progress: false`);
        const expected =
          stack === "preview-pr-<N>"
            ? "pulumi-preview-pr-${{ github.event.pull_request.number }}"
            : `pulumi-${stack}`;
        assert.equal(c.group, expected, label(w, id));
        assert.equal(
          w.concurrency,
          undefined,
          `${w.file}: no workflow-level group that could cancel a deploy`,
        );
      }
    });

    it("test deploys run in the environment test, prod ones in production, the sweep in preview-cleanup", () => {
      const environments: Record<string, string> = {
        test: "test",
        prod: "production",
        "preview-cleanup": "preview-cleanup",
      };
      for (const { w, id, job } of deploys) {
        const expected = environments[stackChanged(job) as string]; // previews: none (pull_request subject)
        assert.equal(environmentOf(job), expected, label(w, id));
      }
    });

    const stepIndex = (job: Job, pattern: RegExp) => steps(job).findIndex((s) => pattern.test(s.run ?? ""));
    const timeoutOf = (job: Job) => Number((job as { "timeout-minutes"?: number })["timeout-minutes"]);

    it("every update of test and prod runs the stack guard first, with the longest timeout of that stack's jobs", () => {
      let guarded = 0;
      for (const { w, id, job } of deploys) {
        const stack = stackChanged(job) as string;
        if (stack !== "test" && stack !== "prod") continue;
        const guard = stepIndex(job, /npm run stacks -- guard\b/);
        assert.ok(guard >= 0, `${label(w, id)} runs npm run stacks -- guard`);
        const update = stepIndex(job, /pulumi up\b|npm run rollback -- --stack/);
        assert.ok(guard < update, `${label(w, id)}: the guard runs before the update`);
        const m = /--stack (\S+) --timeout-minutes (\d+)/.exec(steps(job)[guard].run ?? "");
        assert.equal(m?.[1], stack, label(w, id));
        // The guard cancels a lock only when its update is older than every job that could hold it.
        const longest = Math.max(
          ...deploys.filter((d) => stackChanged(d.job) === stack).map((d) => timeoutOf(d.job)),
        );
        assert.ok(Number(m?.[2]) >= longest, `${label(w, id)}: --timeout-minutes ${m?.[2]} < ${longest}`);
        guarded++;
      }
      assert.equal(guarded, 3, "the test and prod deploys and the rollback");
    });

    it("an automatic deploy of test or prod checks the rollback freeze, and only a newer release lifts it", () => {
      let checked = 0;
      for (const { w, id, job } of deploys) {
        const stack = stackChanged(job) as string;
        if (!(stack === "test" || stack === "prod") || !("push" in w.on)) continue;
        const all = steps(job);
        const check = all.findIndex((s) =>
          /npm run -s rollback -- freeze-check --stack (\S+) --release "\$IMAGE_TAG" --released-at "\$RELEASED_AT"/.test(
            s.run ?? "",
          ),
        );
        assert.ok(check >= 0, `${label(w, id)} runs freeze-check with the release`);
        assert.equal(all[check].id, "freeze", label(w, id));
        // When the release was made, from its GitHub release: one made before the freeze does not lift it.
        assert.equal(all[check].env?.RELEASED_AT, "${{ steps.released.outputs.at }}", label(w, id));
        const released = all.find((s) => s.id === "released");
        assert.match(released?.run ?? "", /gh release view "\$IMAGE_TAG" .*--json createdAt/, label(w, id));
        assert.match(all[check].run ?? "", new RegExp(`--stack ${stack} `), label(w, id));
        // Everything that changes or probes the stack waits for the decision.
        for (const s of all.slice(check + 1)) {
          if (/^\s*(pulumi up|npm run stacks -- guard|npm run smoke)\b/m.test(s.run ?? "")) {
            assert.equal(s.if, "steps.freeze.outputs.deploy == 'true'", `${label(w, id)} ${s.name}`);
          }
        }
        const lift = all.findIndex((s) => /npm run rollback -- unfreeze --stack/.test(s.run ?? ""));
        assert.ok(lift > stepIndex(job, /npm run smoke/), `${label(w, id)}: lifted after the health check`);
        assert.equal(all[lift].if, "steps.freeze.outputs.lifts == 'true'", label(w, id));
        checked++;
      }
      assert.equal(checked, 2, "auto-deploy-dev and auto-deploy-main");
    });

    it("the rollback freezes prod with the default branch's tool before the release's tool rolls it back", () => {
      const rollback = workflows.find((w) => w.file === "rollback.yml") as Workflow;
      const job = rollback.jobs.rollback;
      const all = steps(job);
      const freeze = stepIndex(job, /^npm run rollback -- freeze --stack prod --image-tag "\$IMAGE_TAG"$/);
      const update = stepIndex(job, /^\s*npm run rollback -- --stack prod /m);
      assert.ok(freeze >= 0 && freeze < update, `freeze at ${freeze}, rollback at ${update}`);
      // The default branch is the root checkout; the tag's code is in release/, where its tool runs.
      const checkouts = all.filter((s) => s.uses?.startsWith("actions/checkout@"));
      assert.deepEqual(
        checkouts.map((s) => [s.with?.ref, s.with?.path]),
        [
          ["${{ github.event.repository.default_branch }}", undefined],
          ["refs/tags/${{ inputs.version }}", "release"],
        ],
      );
      assert.equal((all[update] as { "working-directory"?: string })["working-directory"], "release");
      assert.equal((all[freeze] as { "working-directory"?: string })["working-directory"], undefined);
    });

    it("every pulumi up runs with the policy pack", () => {
      for (const { w, id, job } of jobs) {
        for (const line of runs(job)
          .join("\n")
          .split("\n")
          .filter((l) => /pulumi up\b/.test(l))) {
          assert.match(line, /--policy-pack policies/, label(w, id));
        }
      }
    });
  });

  it("every step output a job reads is written by that step's script", () => {
    let checked = 0;
    for (const { w, id, job } of jobs) {
      const text = JSON.stringify(job);
      for (const [, step, key] of text.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        const producer = steps(job).find((s) => s.id === step);
        assert.ok(producer, `${label(w, id)}: no step ${step}`);
        if (producer.uses) continue; // an action's outputs are the action's own
        assert.match(
          producer.run ?? "",
          new RegExp(`(^|[\\s"'{])${key}(=|<<)`, "m"),
          `${label(w, id)}: step ${step} never writes ${key} to $GITHUB_OUTPUT`,
        );
        checked++;
      }
    }
    assert.ok(checked > 5, `${checked} outputs checked`);
  });

  it("after a release on main, a pull request backmerge/* -> dev is opened from main's commit, checks dispatched", () => {
    const main = workflows.find((w) => w.file === "auto-deploy-main.yml") as Workflow;
    const backMerge = Object.values(main.jobs).find((j) => runs(j).some((r) => /gh pr create/.test(r)));
    assert.ok(backMerge, "a job opens a pull request");
    assert.equal(backMerge.needs, "release");
    // Whether or not the push made a release: a hotfix without one must reach dev too.
    assert.equal(backMerge.if, "${{ !cancelled() }}");
    const script = runs(backMerge).join("\n");
    // Not `--head main`: dev's up-to-date rule would then need a push to main.
    assert.match(script, /branch="backmerge\/\$\{TAG:-\$\{GITHUB_SHA:0:7\}\}"/);
    assert.match(script, /git\/refs" -f ref="refs\/heads\/\$branch" -f sha="\$GITHUB_SHA"/);
    assert.match(script, /gh pr create -R "\$GITHUB_REPOSITORY" --base dev --head "\$branch"/);
    for (const checks of ["ci.yml", "semantic-pr.yml"]) {
      assert.match(
        script,
        new RegExp(
          `gh workflow run ${checks.replace(".", "\\.")} -R "\\$GITHUB_REPOSITORY" --ref "\\$branch"`,
        ),
      );
    }
    assert.deepEqual(Object.keys(main.on), ["push"]);
    assert.deepEqual((main.on.push as { branches: string[] }).branches, ["main"]);
  });

  describe("credentials", () => {
    it("the Pulumi token sits only on steps that run pulumi or a tool that does, never on a job or npm ci", () => {
      let found = 0;
      for (const w of workflows) {
        assert.equal(w.env?.PULUMI_ACCESS_TOKEN, undefined, w.file);
        for (const [id, job] of Object.entries(w.jobs)) {
          assert.equal(job.env?.PULUMI_ACCESS_TOKEN, undefined, label(w, id));
          for (const step of job.steps ?? []) {
            if (step.env?.PULUMI_ACCESS_TOKEN === undefined) continue;
            found++;
            assert.match(
              String(step.run),
              /\bpulumi |npm run (-s )?(previews|rollback|stacks|drift)/,
              `${label(w, id)} ${step.name}`,
            );
            assert.doesNotMatch(
              String(step.run),
              /npm ci|pants |BUILD_COMMAND|npm run (-s )?plan/,
              `${label(w, id)} ${step.name}`,
            );
          }
        }
      }
      assert.ok(found >= 6, `the token is on ${found} steps`);
    });

    it("outside a GitHub environment only pull-request jobs hold the token: the repository's preview-only one", () => {
      // GitHub gives a job in an environment that environment's secret over the repository's of the same name:
      // test and prod deploys get their environment's token, a pull request's jobs the repository's, which
      // may update preview-pr-* stacks only (https://docs.github.com/en/actions/security-for-github-actions/
      // security-guides/using-secrets-in-github-actions).
      let outside = 0;
      let inside = 0;
      for (const { w, id, job } of jobs) {
        if (!steps(job).some((s) => s.env?.PULUMI_ACCESS_TOKEN !== undefined)) continue;
        const environment = environmentOf(job);
        if (environment === undefined) {
          outside++;
          assert.deepEqual(Object.keys(w.on), ["pull_request"], `${label(w, id)}: a pull request's job`);
          assert.equal(stackChanged(job) ?? "preview-pr-<N>", "preview-pr-<N>", label(w, id));
        } else {
          inside++;
          assert.ok(environment in ENVIRONMENTS, `${label(w, id)}: ${environment}`);
        }
      }
      assert.ok(outside >= 2 && inside >= 4, `${outside} jobs outside, ${inside} inside environments`);
    });

    describe("the Pulumi token: by OIDC when PULUMI_OIDC_ORGANIZATION is set, else the secret", () => {
      const TOKEN = "${{ steps.pulumi-login.outputs.pulumi-access-token || secrets.PULUMI_ACCESS_TOKEN }}";
      const INSTALLS = /\bnpm ci\b|\bpants |BUILD_COMMAND|docker (build|load)|npm run (-s )?build/;
      const holders = jobs.filter(({ job }) =>
        steps(job).some((s) => s.env?.PULUMI_ACCESS_TOKEN !== undefined),
      );
      const loginOf = (job: Job) => steps(job).findIndex((s) => s.uses?.startsWith("pulumi/auth-actions@"));
      // The team each kind of job asks for, by the GitHub environment it runs in (none: a pull request's job).
      const teamOf = (job: Job) =>
        ({
          none: PULUMI_OIDC_TEAMS.previews,
          "preview-cleanup": PULUMI_OIDC_TEAMS.previews,
          test: PULUMI_OIDC_TEAMS.test,
          production: PULUMI_OIDC_TEAMS.prod,
          "drift-test": PULUMI_OIDC_TEAMS.drift,
          "drift-prod": PULUMI_OIDC_TEAMS.drift,
        })[environmentOf(job) ?? "none"];

      it("every job that runs pulumi mints its team's token once, for longer than the job may run", () => {
        assert.ok(holders.length >= 9, `${holders.length} jobs hold a Pulumi token`);
        for (const { w, id, job } of holders) {
          const logins = steps(job).filter((s) => s.uses?.startsWith("pulumi/auth-actions@"));
          assert.equal(logins.length, 1, label(w, id));
          const [login] = logins;
          assert.equal(login.id, "pulumi-login", label(w, id));
          assert.equal(login.if, "vars.PULUMI_OIDC_ORGANIZATION != ''", label(w, id));
          assert.deepEqual(
            { ...login.with, "token-expiration": undefined },
            {
              organization: "${{ vars.PULUMI_OIDC_ORGANIZATION }}",
              "requested-token-type": "urn:pulumi:token-type:access_token:team",
              scope: `team:${teamOf(job)}`,
              "token-expiration": undefined,
            },
            label(w, id),
          );
          // A token that expires mid-update leaves the stack locked, as a killed job does.
          const timeout = Number((job as { "timeout-minutes"?: number })["timeout-minutes"]);
          assert.ok(Number(login.with?.["token-expiration"]) >= timeout * 60, `${label(w, id)}: expiration`);
        }
      });

      it("the OIDC step comes after every install and build, and before the first step that runs pulumi", () => {
        for (const { w, id, job } of holders) {
          const all = steps(job);
          const login = loginOf(job);
          const lastInstall = all.reduce(
            (last, s, i) =>
              INSTALLS.test(s.run ?? "") || s.uses?.startsWith("actions/setup-node@") ? i : last,
            -1,
          );
          const firstHolder = all.findIndex((s) => s.env?.PULUMI_ACCESS_TOKEN !== undefined);
          assert.ok(
            lastInstall >= 0 && lastInstall < login,
            `${label(w, id)}: install ${lastInstall}, OIDC ${login}`,
          );
          assert.ok(login < firstHolder, `${label(w, id)}: OIDC ${login}, first pulumi step ${firstHolder}`);
        }
      });

      it("the token the action exports to every later step is blanked at once; steps name it in env", () => {
        for (const { w, id, job } of holders) {
          const all = steps(job);
          const blank = all[loginOf(job) + 1];
          assert.equal(blank?.run?.trim(), 'echo "PULUMI_ACCESS_TOKEN=" >> "$GITHUB_ENV"', label(w, id));
          assert.equal(blank.if, "vars.PULUMI_OIDC_ORGANIZATION != ''", label(w, id));
          for (const s of all.filter((s) => s.env?.PULUMI_ACCESS_TOKEN !== undefined)) {
            assert.equal(s.env?.PULUMI_ACCESS_TOKEN, TOKEN, `${label(w, id)} ${s.name}`);
          }
        }
      });

      it("GitHub's evaluator gives a pulumi step the OIDC token when the variable is set, else the secret", async () => {
        const expression = TOKEN.slice(3, -2).trim();
        const login = "vars.PULUMI_OIDC_ORGANIZATION != ''";
        const never = { failed: false, cancelled: false };
        const secrets = { PULUMI_ACCESS_TOKEN: "pul-stored" };
        // Unset: the OIDC step is skipped and has no outputs.
        const unset = { vars: {}, secrets, steps: { "pulumi-login": { outputs: {}, outcome: "skipped" } } };
        assert.equal(await evaluate(login, unset, never), false);
        assert.equal(await evaluate(expression, unset, never), "pul-stored");
        const set = {
          vars: { PULUMI_OIDC_ORGANIZATION: "acme" },
          secrets: {},
          steps: { "pulumi-login": { outputs: { "pulumi-access-token": "pul-oidc" }, outcome: "success" } },
        };
        assert.equal(await evaluate(login, set, never), true);
        assert.equal(await evaluate(expression, set, never), "pul-oidc");
      });

      it("a pull request's job holding id-token builds nothing and installs without scripts", () => {
        let checked = 0;
        for (const { w, id, job } of jobs) {
          if (!("pull_request" in w.on) || permissions(job)["id-token"] !== "write") continue;
          checked++;
          for (const run of runs(job)) {
            assert.doesNotMatch(run, /\bpants |BUILD_COMMAND|docker build|npm run (-s )?build/, label(w, id));
            for (const line of run.split("\n").filter((l) => /\bnpm ci\b/.test(l))) {
              assert.match(line, /--ignore-scripts/, `${label(w, id)}: ${line.trim()}`);
            }
          }
        }
        assert.equal(checked, 3, "slots, deploy and destroy of pr-preview.yml");
        // The build of the pull request's code holds no credential at all.
        const build = workflows.find((w) => w.file === "pr-preview.yml")?.jobs.build as Job;
        assert.deepEqual(permissions(build), { contents: "read" });
        assert.doesNotMatch(JSON.stringify(build), /secrets\./);
      });

      it("the Pulumi CLI is pinned, in every job that runs it, to the SDK version of package-lock.json", () => {
        const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8"));
        const sdk = lock.packages["node_modules/@pulumi/pulumi"].version as string;
        for (const { w, id, job } of holders) {
          const cli = steps(job).filter((s) => s.uses?.startsWith("pulumi/actions@"));
          assert.deepEqual(
            cli.map((s) => String(s.with?.["pulumi-version"])),
            [sdk],
            label(w, id),
          );
        }
      });

      it("every preview update runs the stack guard first, with the longest timeout of the jobs that update previews", () => {
        const previewJobs = jobs.filter(
          ({ job }) => stackChanged(job) === "preview-pr-<N>" || stackChanged(job) === "preview-cleanup",
        );
        const longest = Math.max(
          ...previewJobs.map(({ job }) => Number((job as { "timeout-minutes"?: number })["timeout-minutes"])),
        );
        const pr = workflows.find((w) => w.file === "pr-preview.yml") as Workflow;
        for (const id of ["deploy", "destroy"]) {
          const script = runs(pr.jobs[id]).join("\n");
          const guard = script.search(/npm run stacks -- guard --stack "\$STACK" --timeout-minutes (\d+)/);
          const update = script.search(/pulumi (up|destroy) --yes/);
          assert.ok(
            guard >= 0 && guard < update,
            `pr-preview.yml#${id}: guard at ${guard}, update at ${update}`,
          );
          const minutes = Number(/guard --stack "\$STACK" --timeout-minutes (\d+)/.exec(script)?.[1]);
          assert.ok(minutes >= longest, `pr-preview.yml#${id}: --timeout-minutes ${minutes} < ${longest}`);
        }
      });
    });

    it("no static AWS keys anywhere", () => {
      for (const w of workflows) {
        assert.doesNotMatch(
          w.text,
          /aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/,
        );
      }
    });

    it("the only secrets are the Pulumi token and the optional Slack webhook", () => {
      for (const w of workflows) {
        for (const e of expressionsIn(w.text).flatMap((x) =>
          [...x.matchAll(/secrets\.(\w+)/g)].map((m) => m[1]),
        )) {
          assert.ok(REPOSITORY_SECRETS.includes(e), `${w.file}: secrets.${e}`);
        }
      }
    });

    it("each role variable is used only where its trust allows it", () => {
      const roleOf = (job: Job) =>
        steps(job)
          .filter((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"))
          .map((s) => String(s.with?.["role-to-assume"]).match(/^\$\{\{ vars\.(\w+) \}\}$/)?.[1]);
      let assumed = 0;
      for (const { w, id, job } of jobs) {
        for (const role of roleOf(job)) {
          assumed++;
          const env = environmentOf(job);
          const where = `${label(w, id)} (${role}, environment ${env})`;
          switch (role) {
            case "AWS_DEPLOY_TEST_ROLE_ARN":
              assert.equal(env, "test", where);
              break;
            case "AWS_DEPLOY_PROD_ROLE_ARN":
              assert.equal(env, "production", where);
              break;
            case "AWS_PREVIEW_ROLE_ARN":
              // pull_request subject (no environment), or the sweep in its own environment
              if (env === undefined) assert.deepEqual(Object.keys(w.on), ["pull_request"], where);
              else assert.equal(env, "preview-cleanup", where);
              break;
            case "AWS_DRIFT_TEST_ROLE_ARN":
              assert.equal(env, "drift-test", where);
              break;
            case "AWS_DRIFT_PROD_ROLE_ARN":
              assert.equal(env, "drift-prod", where);
              break;
            case "AWS_IMAGE_PUSH_ROLE_ARN": {
              assert.equal(env, undefined, where);
              assert.deepEqual(Object.keys(w.on), ["push"], where);
              const branches = (w.on.push as { branches: string[] }).branches;
              assert.ok(
                branches.every((b) => b === "dev" || b === "main"),
                where,
              );
              break;
            }
            default:
              assert.fail(`${where}: role-to-assume is not one of the role variables`);
          }
          const creds = steps(job).find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials@"));
          assert.equal(creds?.with?.["allowed-account-ids"], "${{ vars.AWS_ACCOUNT_ID }}", where);
        }
      }
      assert.ok(assumed >= 7, `${assumed} role assumptions found`);
    });

    it("every GitHub environment a job uses is one the github stack manages", () => {
      const used = new Set(jobs.map(({ job }) => environmentOf(job)).filter((e) => e !== undefined));
      assert.deepEqual([...used].sort(), Object.keys(ENVIRONMENTS).sort());
    });
  });

  describe("actions and scripts", () => {
    it("every action is pinned to a full commit SHA with its version in a comment", () => {
      for (const w of workflows) {
        for (const line of w.text.split("\n").filter((l) => /^\s*(?:- )?uses:/.test(l))) {
          assert.match(
            line,
            /uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+(?:\.\d+){0,2}\b/,
            `${w.file}: ${line.trim()}`,
          );
        }
      }
    });

    it("one SHA per action across all workflows", () => {
      const pins = new Map<string, Set<string>>();
      for (const w of workflows) {
        for (const m of w.text.matchAll(/uses: ([\w.-]+\/[\w./-]+)@([0-9a-f]{40})/g)) {
          pins.set(m[1], (pins.get(m[1]) ?? new Set()).add(m[2]));
        }
      }
      for (const [action, shas] of pins) assert.equal(shas.size, 1, action);
    });

    it("no expression at all inside a run: script (values arrive through env)", () => {
      for (const { w, id, job } of jobs) {
        for (const run of runs(job)) assert.doesNotMatch(run, /\$\{\{/, label(w, id));
      }
    });

    it("github-script steps read values from env, never from expressions in the script", () => {
      for (const { w, id, job } of jobs) {
        for (const s of steps(job).filter((s) => s.uses?.startsWith("actions/github-script@"))) {
          assert.doesNotMatch(String(s.with?.script), /\$\{\{/, label(w, id));
        }
      }
    });

    it("Node comes from .nvmrc, an even (LTS) major the package's engines accept", () => {
      const nvmrc = readFileSync(join(ROOT, ".nvmrc"), "utf8").trim();
      assert.match(nvmrc, /^\d+$/);
      const major = Number(nvmrc);
      assert.equal(major % 2, 0, "LTS lines are even");
      assert.ok(major >= 24, "Node 20 reached end of life in April 2026; 24 is the current LTS");
      // package.json's engines, the workflows (through setup-node) and .ci/run all name the same line.
      const engines = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).engines.node as string;
      assert.equal(engines, `>=${major}`);
      const ciNode = /PANTSTACK_NODE_VERSION="(\d+)\./.exec(
        readFileSync(join(ROOT, ".ci/use-node.sh"), "utf8"),
      );
      assert.equal(Number(ciNode?.[1]), major, ".ci/use-node.sh installs the .nvmrc line");
      for (const { w, id, job } of jobs) {
        for (const s of steps(job).filter((s) => s.uses?.startsWith("actions/setup-node@"))) {
          assert.deepEqual(s.with?.["node-version-file"], ".nvmrc", label(w, id));
          assert.equal(s.with?.["node-version"], undefined, label(w, id));
        }
      }
    });
  });

  describe("names shared with the github stack", () => {
    it("the workflows read exactly the repository variables the github stack sets", () => {
      const read = new Set(
        workflows.flatMap((w) =>
          expressionsIn(w.text).flatMap((e) => [...e.matchAll(/vars\.(\w+)/g)].map((m) => m[1])),
        ),
      );
      assert.deepEqual([...read].sort(), [...REPOSITORY_VARIABLES].sort());
    });

    it("the pipeline docs' variable table lists exactly these variables", () => {
      const readme = readFileSync(join(ROOT, "docs/pipeline.md"), "utf8");
      const section = readme.slice(readme.indexOf("## Secrets and variables"));
      const table = section.slice(
        section.indexOf("| variable |"),
        section.indexOf("\n\n", section.indexOf("| variable |")),
      );
      const names = table
        .split("\n")
        .slice(2)
        .flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`(\w+)`/g)].map((m) => m[1]));
      assert.deepEqual(names.sort(), [...REPOSITORY_VARIABLES].sort());
    });

    it("the required checks are the job IDs of the check workflows, none renamed", () => {
      const ids = workflows
        .filter((w) => (CHECK_WORKFLOWS as readonly string[]).includes(w.file))
        .flatMap((w) => Object.entries(w.jobs).map(([id, job]) => job.name ?? id));
      assert.deepEqual(ids.sort(), [...REQUIRED_CHECKS].sort());
    });

    it("the build defaults in the workflows are the stack's", () => {
      for (const w of workflows) {
        for (const e of expressionsIn(w.text)) {
          const m = e.match(/^vars\.(BUILD_COMMAND|BUILT_IMAGE) \|\| '(.*)'$/);
          if (m)
            assert.equal(
              m[2],
              m[1] === "BUILD_COMMAND" ? DEFAULT_BUILD_COMMAND : DEFAULT_BUILT_IMAGE,
              w.file,
            );
        }
      }
    });
  });
});
