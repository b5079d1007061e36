import assert from "node:assert/strict";
import { UNRECORDED_PROMISE_STACK, withoutPromiseStacks } from "../../engine/promise-stacks";
import { runProgram } from "../../engine/run-program";

// Named as the Pulumi runtime's promise wrapper (@pulumi/pulumi/runtime/debuggable.js), which records one trace per promise.
function debuggablePromise(): string | undefined {
  return new Error("promise").stack;
}
const otherError = (): string | undefined => new Error("a real error").stack;

/** The runtime's own wrapper, looked up on its module at each call as the runtime's callers do. */
const runtime: {
  debuggablePromise<T>(promise: Promise<T>, context: string): Promise<T>;
} = require("@pulumi/pulumi/runtime/debuggable");
const traceOf = (promise: Promise<unknown>) =>
  (promise as unknown as { _debugStackTrace?: string })._debugStackTrace;

describe("promise stack traces during a run", () => {
  const saved = process.env.PULUMI_DEBUG_PROMISE_LEAKS;
  afterEach(() => {
    if (saved === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    else process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved;
  });

  it("skips the runtime's promise traces and keeps every other error's source-mapped stack", async () => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    const [skipped, kept] = await withoutPromiseStacks(async () => [debuggablePromise(), otherError()]);
    assert.equal(skipped, UNRECORDED_PROMISE_STACK);
    // Line 9 of this TypeScript file: the stack is mapped back through tsx's source map.
    assert.match(kept ?? "", /^Error: a real error\n {4}at otherError \(.*promise-stacks\.test\.ts:9:/);
  });

  it("has the runtime's own wrapper capture no frames during a run, and puts the wrapper back", async () => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    const wrapper = runtime.debuggablePromise;
    const limit = Error.stackTraceLimit;
    const previous = Error.prepareStackTrace;
    const framesSeen: number[] = [];
    Error.prepareStackTrace = (error, callSites) => {
      framesSeen.push(callSites.length);
      return previous ? previous(error, callSites) : String(error);
    };
    try {
      const promise = Promise.resolve(1);
      await withoutPromiseStacks(() => runtime.debuggablePromise(promise, "a registration"));
      assert.equal(traceOf(promise), UNRECORDED_PROMISE_STACK);
      assert.deepEqual(framesSeen, [0]);
    } finally {
      Error.prepareStackTrace = previous;
    }
    assert.equal(runtime.debuggablePromise, wrapper);
    assert.equal(Error.stackTraceLimit, limit);
    const outside = Promise.resolve(2);
    await runtime.debuggablePromise(outside, "after the run");
    assert.match(traceOf(outside) ?? "", /^Error\n {4}at (Object\.)?debuggablePromise /);
  });

  it("puts the previous formatter back after the run, even when it fails", async () => {
    const before = Error.prepareStackTrace;
    await assert.rejects(
      withoutPromiseStacks(async () => {
        throw new Error("boom");
      }),
      /boom/,
    );
    assert.equal(Error.prepareStackTrace, before);
    assert.match(debuggablePromise() ?? "", /^Error: promise\n {4}at debuggablePromise /);
  });

  it("records them with PULUMI_DEBUG_PROMISE_LEAKS, for the runtime's leak report", async () => {
    process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
    const stack = await withoutPromiseStacks(async () => debuggablePromise());
    assert.match(stack ?? "", /^Error: promise\n {4}at debuggablePromise \(.*promise-stacks\.test\.ts:7:/);
    const promise = Promise.resolve(1);
    await withoutPromiseStacks(() => runtime.debuggablePromise(promise, "a registration"));
    assert.match(traceOf(promise) ?? "", /^Error\n {4}at (Object\.)?debuggablePromise /);
  });

  it("a program's own error keeps its stack under runProgram", async () => {
    delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
    const failure = await runProgram({
      stack: "test",
      program: () => {
        throw new Error("the program failed");
      },
    }).catch((err: Error) => err);
    assert.ok(failure instanceof Error);
    assert.match(failure.stack ?? "", /the program failed\n {4}at .*promise-stacks\.test\.ts:\d+:/);
  });
});
