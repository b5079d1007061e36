// A stateful `pulumi` CLI for scenarios (state: $FAKE_STATE_DIR/pulumi.json). It runs no program: `up` records
// the config it deploys and sets the outputs the scenario's `outputs` template gives. It answers in the CLI's
// own formats and exit codes (255 for an error, as the CLI's `cmdutil.ExitError` does). See PulumiState in
// ../fake-state.ts for the state's shape.
const { update, read, record, now, fail, main: runMain, sleep } = require("./state.cjs");

const VERSION = "v3.276.0";
/** Flags that take a value (the rest are booleans). */
const VALUED = new Set([
  "--stack",
  "-s",
  "--policy-pack",
  "--event-log",
  "--target",
  "-t",
  "--exclude",
  "--exec-kind",
  "--exec-agent",
  "--color",
  "--client",
  "--page-size",
  "--page",
  "--message",
  "-m",
  "--parallel",
  "-p",
  "--file",
  "--secrets-provider",
  "--cwd",
  "-C",
  "--config",
  "-c",
]);

function parse(argv) {
  const flags = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      const eq = arg.indexOf("=");
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      // `stack select --create` / `-c` is a boolean there; `up -c k=v` a value.
      const valued = VALUED.has(name) && !(name === "-c" && argv.includes("select"));
      const value = eq > 0 ? arg.slice(eq + 1) : valued ? argv[++i] : true;
      flags[name] = [...(flags[name] ?? []), value];
    } else positional.push(arg);
  }
  const flag = (...names) => names.map((n) => flags[n]?.at(-1)).find((v) => v !== undefined);
  const all = (...names) => names.flatMap((n) => flags[n] ?? []);
  return { positional, flag, all };
}

const emptyState = () => ({ org: "acme", project: "pantstack", backend: "cloud", stacks: [], failures: [] });

function stackUrl(state, name) {
  return `https://app.pulumi.com/${state.org}/${state.project}/${name}`;
}

// `pulumi stack ls --json` writes times as Go's "2006-01-02T15:04:05.000Z07:00" in UTC
// (pkg/cmd/pulumi/stack/stack_ls.go, timeFormat).
function goTime(iso) {
  return new Date(iso).toISOString();
}

/** The error a locked stack answers, by backend. */
function lockedError(state, stack) {
  if (state.backend === "diy") {
    // The DIY (file/S3) backend's lock file (pkg/backend/diy/lock.go).
    const lock = stack.lock;
    return (
      "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or " +
      "delete the lock file with `pulumi cancel`.\n" +
      `  s3://pulumi-state/.pulumi/locks/organization/${state.project}/${stack.name}/${lock.id}.json: ` +
      `created by ${lock.by ?? "runner@fv-az"} (pid ${lock.pid ?? 4242}) at ${lock.startedAt}`
    );
  }
  // Pulumi Cloud's lease (https://www.pulumi.com/docs/support/troubleshooting/common-issues/update-conflicts/).
  return (
    "error: [409] Conflict: Another update is currently in progress.\n" +
    "To learn more about possible reasons and resolution, visit " +
    "https://www.pulumi.com/docs/troubleshooting/#conflict"
  );
}

function main(argv) {
  record("pulumi", argv);
  const { positional, flag, all } = parse(argv);
  const [command, sub, ...rest] = positional;
  if (command === "version") return print(VERSION);
  if (command === "whoami") return print(read("pulumi", emptyState()).user ?? "pantstack-ci");
  if (command === "login" || command === "logout") return print("Logged in to pulumi.com");
  if (command === "plugin" || command === "install" || command === "about") return;
  if (command === "stack" && sub === "ls") return stackLs();
  if (command === "stack" && (sub === "init" || sub === "select")) return stackSelect(sub, rest, flag);
  if (command === "stack" && sub === "rm") return stackRm(rest, flag);
  if (command === "stack" && sub === "tag") return stackTag(rest, flag);
  if (command === "stack" && sub === "output") return stackOutput(rest, flag);
  if (command === "stack" && sub === "export") return stackExport(flag);
  if (command === "stack" && sub === "import") return stackImport(flag);
  if (command === "stack" && sub === "history") return stackHistory(flag);
  if (command === "stack" && sub === undefined)
    return withStack(flag, (s) => print(`Current stack is ${s.name}`));
  if (command === "config")
    return config(
      [sub, ...rest].filter((x) => x !== undefined),
      flag,
    );
  if (["up", "update", "preview", "destroy", "refresh"].includes(command))
    return operation(command, flag, all);
  if (command === "cancel") return cancel([sub, ...rest].filter(Boolean), flag);
  fail(`error: unknown command "${positional.join(" ")}" for "pulumi" (the fake does not model it)`, 255);
}

function print(text) {
  process.stdout.write(`${text}\n`);
}

/** The stack named by `--stack`, else the current one; a missing stack is the CLI's error. */
function stackName(state, flag, positionalName) {
  const name = positionalName ?? flag("--stack", "-s") ?? state.current;
  if (!name) fail("error: no stack selected; please use `pulumi stack select` to choose one", 255);
  return String(name).split("/").pop();
}

function noStack(name) {
  fail(`error: no stack named '${name}' found`, 255);
}

function withStack(flag, fn, positionalName) {
  return update("pulumi", emptyState(), (state) => {
    const name = stackName(state, flag, positionalName);
    const stack = state.stacks.find((s) => s.name === name);
    if (!stack) noStack(name);
    return fn(stack, state);
  });
}

function stackLs() {
  const state = read("pulumi", emptyState());
  const list = [...state.stacks]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((s) => {
      const entry = { name: s.name, current: s.name === state.current };
      // The CLI omits lastUpdate while an update runs (updateInProgress) and before the first one.
      if (s.lock) entry.updateInProgress = true;
      else {
        entry.updateInProgress = false;
        if (s.lastUpdate) entry.lastUpdate = goTime(s.lastUpdate);
      }
      if (s.resourceCount !== undefined) entry.resourceCount = s.resourceCount;
      entry.url = stackUrl(state, s.name);
      return entry;
    });
  print(JSON.stringify(list, null, 4));
}

function newStack(state, name) {
  state.created = (state.created ?? 0) + 1;
  const stack = {
    name,
    createdAt: now().toISOString(),
    order: state.created,
    tags: {},
    config: {},
    outputs: {},
    history: [],
    pendingOperations: [],
  };
  state.stacks.push(stack);
  return stack;
}

function stackSelect(sub, rest, flag) {
  update("pulumi", emptyState(), (state) => {
    const name = stackName(state, flag, rest[0]);
    if (!/^[A-Za-z0-9_.-]+$/.test(name))
      fail(`error: a stack name may only contain alphanumeric, hyphens, underscores, or periods`, 255);
    let stack = state.stacks.find((s) => s.name === name);
    if (sub === "init") {
      if (stack) fail(`error: stack '${name}' already exists`, 255);
      stack = newStack(state, name);
      print(`Created stack '${name}'`);
    } else if (!stack) {
      if (!flag("--create", "-c")) noStack(name);
      stack = newStack(state, name);
      print(`Created stack '${name}'`);
    }
    if (!flag("--no-select")) state.current = name;
  });
}

function stackRm(rest, flag) {
  update("pulumi", emptyState(), (state) => {
    const name = stackName(state, flag, rest[0]);
    const stack = state.stacks.find((s) => s.name === name);
    if (!stack) noStack(name);
    if (!flag("--yes", "-y"))
      fail("error: --yes must be passed in to proceed when running in non-interactive mode", 255);
    if (stack.lock) fail(lockedError(state, stack), 255);
    if ((stack.resourceCount ?? 0) > 0 && !flag("--force", "-f")) {
      fail(
        `error: '${name}' still has resources; removal rejected. Possible actions:\n` +
          `- Make sure that '${name}' is the stack that you want to destroy\n` +
          "- Run `pulumi destroy` to delete the resources, then run `pulumi stack rm`\n" +
          "- Run `pulumi stack rm --force` to override this error",
        255,
      );
    }
    state.stacks = state.stacks.filter((s) => s !== stack);
    if (state.current === name) delete state.current;
    print(`Stack '${name}' has been removed!`);
  });
}

function stackTag(rest, flag) {
  const [verb, key, value] = rest;
  withStack(flag, (stack) => {
    if (verb === "set") stack.tags[key] = value;
    else if (verb === "rm") delete stack.tags[key];
    else if (verb === "get") {
      if (!(key in stack.tags)) fail(`error: stack tag '${key}' not found for stack '${stack.name}'`, 255);
      print(stack.tags[key]);
    } else if (verb === "ls") print(JSON.stringify(stack.tags, null, 4));
    else fail(`error: unknown command "${verb}" for "pulumi stack tag"`, 255);
  });
}

function stackOutput(rest, flag) {
  withStack(flag, (stack) => {
    const [name] = rest;
    if (name === undefined) {
      if (flag("--json", "-j")) print(JSON.stringify(stack.outputs, null, 2));
      else for (const [k, v] of Object.entries(stack.outputs)) print(`    ${k}  ${v}`);
      return;
    }
    if (!(name in stack.outputs)) fail(`error: current stack does not have output property '${name}'`, 255);
    const value = stack.outputs[name];
    print(
      flag("--json", "-j")
        ? JSON.stringify(value, null, 2)
        : typeof value === "string"
          ? value
          : JSON.stringify(value),
    );
  });
}

/** `pulumi stack export`: the checkpoint as the service stores it (apitype.UntypedDeployment, version 3). */
function stackExport(flag) {
  withStack(flag, (stack, state) => {
    const deployment = {
      version: 3,
      deployment: {
        manifest: { time: stack.lastUpdate ?? stack.createdAt, magic: "", version: VERSION },
        resources: Array.from({ length: stack.resourceCount ?? 0 }, (_, i) => ({
          urn: `urn:pulumi:${stack.name}::${state.project}::fake:index:Resource::r${i}`,
          custom: true,
          type: "fake:index:Resource",
        })),
      },
    };
    // Only present when an interrupted update left some (apitype.DeploymentV3.PendingOperations).
    if (stack.pendingOperations.length > 0)
      deployment.deployment.pending_operations = stack.pendingOperations;
    print(JSON.stringify(deployment, null, 4));
  });
}

function stackImport(flag) {
  const file = flag("--file");
  const text = file
    ? require("node:fs").readFileSync(file, "utf8")
    : require("node:fs").readFileSync(0, "utf8");
  const imported = JSON.parse(text);
  withStack(flag, (stack) => {
    stack.pendingOperations = imported.deployment?.pending_operations ?? [];
    stack.resourceCount = (imported.deployment?.resources ?? []).length;
    print("Import complete.");
  });
}

function stackHistory(flag) {
  withStack(flag, (stack, { backend }) => {
    // Pulumi Cloud lists the update holding the lease first, `in-progress`, also when its CLI was killed;
    // a DIY backend writes an update's history only when it ends.
    const running =
      backend === "cloud" && stack.lock && stack.lock.kind !== "preview"
        ? [
            {
              version: stack.history.length + 1,
              kind: stack.lock.kind === "up" ? "update" : stack.lock.kind,
              startTime: stack.lock.startedAt,
              result: "in-progress",
              resourceChanges: {},
            },
          ]
        : [];
    const size = Number(flag("--page-size") ?? stack.history.length + running.length);
    print(JSON.stringify([...running, ...[...stack.history].reverse()].slice(0, size), null, 4));
  });
}

function config(args, flag) {
  const [verb, key, ...values] = args;
  withStack(flag, (stack) => {
    if (verb === "set") {
      const value = values.at(-1);
      if (key === undefined || value === undefined) fail("error: config set requires a key and a value", 255);
      stack.config[normalizeKey(key)] = { value: String(value), secret: flag("--secret") === true };
    } else if (verb === "get") {
      const entry = stack.config[normalizeKey(key)];
      if (!entry)
        fail(`error: configuration key '${normalizeKey(key)}' not found for stack '${stack.name}'`, 255);
      print(
        flag("--json", "-j") ? JSON.stringify({ value: entry.value, secret: entry.secret }) : entry.value,
      );
    } else if (verb === "rm") delete stack.config[normalizeKey(key)];
    else if (verb === undefined) {
      const shown = Object.fromEntries(
        Object.entries(stack.config).map(([k, v]) => [k, { value: v.value, secret: v.secret }]),
      );
      print(JSON.stringify(shown, null, 4));
    } else fail(`error: unknown command "${verb}" for "pulumi config"`, 255);
  });
}

/** `key` as the CLI stores it: `<project>:key` unless namespaced. */
function normalizeKey(key) {
  if (key.includes(":")) return key;
  return `${read("pulumi", emptyState()).project}:${key}`;
}

/** A scripted failure for this command and stack, if the scenario queued one (used once). */
function takeFailure(state, command, name) {
  const index = state.failures.findIndex(
    (f) => f.command === command && (f.stack === undefined || f.stack === name),
  );
  return index < 0 ? undefined : state.failures.splice(index, 1)[0];
}

function operation(command, flag, all) {
  const kind = command === "update" ? "up" : command;
  // Phase 1, under the state lock: the checks the service makes before an update starts, then the lease.
  const started = update("pulumi", emptyState(), (state) => {
    const name = stackName(state, flag);
    const stack = state.stacks.find((s) => s.name === name);
    if (!stack) noStack(name);
    if (kind !== "preview" && !flag("--yes", "-y") && !flag("--preview-only"))
      fail(
        "error: --yes or --skip-preview must be passed in to proceed when running in non-interactive mode",
        255,
      );
    if (stack.lock) fail(lockedError(state, stack), 255);
    const failure = takeFailure(state, kind, name);
    const startTime = now().toISOString();
    if (kind !== "preview")
      stack.lock = { id: `${process.pid}-${Date.now()}`, startedAt: startTime, kind, pid: process.pid };
    return { name, failure, startTime, delayMs: state.delayMs?.[kind] ?? 0 };
  });
  if (started.delayMs) sleep(started.delayMs);
  // Phase 2: the update ends (or fails as scripted) and the lease is released.
  update("pulumi", emptyState(), (state) => {
    const stack = state.stacks.find((s) => s.name === started.name);
    const failure = started.failure ?? programRefusal(kind, stack);
    if (failure?.killed) {
      // A killed job: the lease stays held and the interrupted creates are left pending.
      stack.pendingOperations = failure.pendingOperations ?? [];
      fail("received terminated signal; exiting", failure.exitCode ?? 143);
    }
    delete stack.lock;
    if (kind === "preview") {
      print(`Previewing update (${started.name})`);
      return;
    }
    const endTime = now().toISOString();
    const entry = {
      version: stack.history.length + 1,
      kind: kind === "up" ? "update" : kind,
      startTime: started.startTime,
      endTime,
      message: flag("--message", "-m") ?? "",
      environment: { "exec.kind": flag("--exec-kind") ?? "cli" },
      config: Object.fromEntries(
        Object.entries(stack.config).map(([k, v]) => [k, { value: v.value, secret: v.secret }]),
      ),
      result: failure ? "failed" : "succeeded",
      resourceChanges: {},
    };
    const targets = all("--target", "-t");
    if (targets.length > 0) entry.targets = targets;
    const policyPacks = all("--policy-pack");
    if (policyPacks.length > 0) entry.policyPacks = policyPacks;
    stack.history.push(entry);
    stack.lastUpdate = endTime;
    if (failure) {
      fail(failure.stderr ?? "error: update failed", failure.exitCode ?? 255);
    }
    if (kind === "destroy") {
      stack.resourceCount = 0;
      stack.outputs = {};
      print(`Destroying (${started.name})\nThe resources in the stack have been deleted.`);
    } else if (kind === "up") {
      stack.resourceCount = state.resourceCount ?? 12;
      stack.outputs = outputsFor(state, stack);
      entry.resourceChanges = { same: stack.resourceCount };
      print(`Updating (${started.name})\nResources:\n    ${stack.resourceCount} unchanged`);
    } else {
      print(`Refreshing (${started.name})`);
    }
  });
  writeEventLog(flag("--event-log"));
}

/**
 * The one rule of the program the fake plays (stacks/environment/images.ts): with no image given
 * (`pantstack:images`, `pantstack:imageTag`) and none running (no image in the stack's last outputs), as in a
 * first deploy without a release, the program refuses before registering anything: one ValidationError line,
 * which the nodejs language host prints alone (a RunError), and the update fails.
 */
function programRefusal(kind, stack) {
  if (kind !== "up") return undefined;
  const given = ["pantstack:images", "pantstack:imageTag"].some((k) => stack.config[k]?.value);
  const running = ["images", "imageTag"].some((k) => stack.outputs?.[k]);
  if (given || running) return undefined;
  return {
    stderr:
      'error: pantstack:images: (missing) is not allowed; api runs no image yet (a first deploy); give pantstack:images {"api":{"image":"<its release repository>@sha256:…","version":"v1.0.0"}} or pantstack:imageTag',
    exitCode: 255,
  };
}

/**
 * The outputs of an `up`: the scenario's template (the stack's own in `stackOutputs`, else `outputs`) with
 * `{stack}` and `{config:<key>}` filled in.
 */
function outputsFor(state, stack) {
  // Strings anywhere in the template (also in nested objects); "{json:<key>}" alone is that config's JSON.
  const fill = (value) => {
    if (typeof value === "string") {
      const json = /^\{json:([^}]+)\}$/.exec(value);
      if (json) return stack.config[json[1]] ? JSON.parse(stack.config[json[1]].value) : {};
      return value
        .replaceAll("{stack}", stack.name)
        .replace(/\{config:([^}]+)\}/g, (_, key) => stack.config[key]?.value ?? "");
    }
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === "object")
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  return fill(state.stackOutputs?.[stack.name] ?? state.outputs ?? {});
}

/** The Automation API tails `--event-log`; it ends on the engine's cancelEvent (sdk/go/common/apitype/events.go). */
function writeEventLog(file) {
  if (!file) return;
  const t = Math.floor(Date.now() / 1000);
  const lines = [
    {
      sequence: 0,
      timestamp: t,
      summaryEvent: { maybeCorrupt: false, durationSeconds: 0, resourceChanges: {}, PolicyPacks: {} },
    },
    { sequence: 1, timestamp: t, cancelEvent: {} },
  ];
  require("node:fs").appendFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(""));
}

function cancel(rest, flag) {
  withStack(
    flag,
    (stack) => {
      if (!flag("--yes", "-y"))
        fail("error: --yes must be passed in to proceed when running in non-interactive mode", 255);
      if (!stack.lock)
        fail(`error: [400] Bad Request: Stack '${stack.name}' has no update in progress.`, 255);
      delete stack.lock;
      print(`The currently running update for '${stack.name}' has been canceled!`);
    },
    rest[0],
  );
}

/**
 * Scripted interleavings (PulumiState.gates), for scenarios that race two jobs: a call that matches a gate
 * first runs the gate's `before` commands (another job's work, done "just before" this call), then waits
 * until every `after` command has completed. A run without gates pays one read of the state.
 */
function passGates(argv) {
  if (!read("pulumi", emptyState()).gates?.length) return false;
  const line = argv.join(" ");
  const mine = update("pulumi", emptyState(), (state) =>
    (state.gates ?? []).flatMap((gate) => {
      if (!matches(gate, line, process.env)) return [];
      const { following } = gate;
      if (following && !(state.completed ?? []).some((done) => matches(following, done.line, done.env)))
        return [];
      gate.seen = (gate.seen ?? 0) + 1;
      return gate.nth === undefined || gate.nth === gate.seen ? [gate] : [];
    }),
  );
  for (const gate of mine) {
    for (const command of gate.before ?? []) {
      const { spawnSync } = require("node:child_process");
      const env = { ...process.env, ...command.env };
      const result = spawnSync(process.execPath, [__filename, ...command.argv], { env, encoding: "utf8" });
      if (result.status !== 0)
        fail(
          `fake pulumi: the gate's scripted \`pulumi ${command.argv.join(" ")}\` failed: ${result.stderr}`,
          255,
        );
    }
    const deadline = Date.now() + (gate.timeoutMs ?? 30_000);
    for (;;) {
      const { completed = [] } = read("pulumi", emptyState());
      const open = (gate.after ?? []).filter(
        (want) => !completed.some((done) => matches(want, done.line, done.env)),
      );
      if (open.length === 0) break;
      if (Date.now() > deadline)
        fail(
          `fake pulumi: \`pulumi ${line}\` waited in vain for ${open.map((o) => o.command).join(", ")}`,
          255,
        );
      sleep(10);
    }
  }
  return true;
}

/** Whether a call (its command line and environment) is the one `pattern` names. */
function matches(pattern, line, env) {
  return (
    new RegExp(pattern.command).test(line) &&
    Object.entries(pattern.env ?? {}).every(([key, value]) => env?.[key] === value)
  );
}

/** Records a call's end, with the environment values the gates ask about, for their `after` lists. */
function markCompleted(argv) {
  update("pulumi", emptyState(), (state) => {
    const keys = new Set(
      (state.gates ?? []).flatMap((g) =>
        [...(g.after ?? []), ...(g.following ? [g.following] : [])].flatMap((a) => Object.keys(a.env ?? {})),
      ),
    );
    const env = Object.fromEntries([...keys].map((k) => [k, process.env[k]]));
    state.completed = [...(state.completed ?? []), { line: argv.join(" "), env }];
  });
}

runMain(() => {
  const argv = process.argv.slice(2);
  const gated = passGates(argv);
  try {
    return main(argv);
  } finally {
    if (gated) markCompleted(argv);
  }
});
