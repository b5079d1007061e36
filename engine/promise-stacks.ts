/**
 * The Pulumi runtime records a stack trace for every promise it makes (`debuggablePromise`, one per input,
 * output and registration), and prints them only when `PULUMI_DEBUG_PROMISE_LEAKS` is set. Capturing and
 * formatting those traces (through source maps, when a program runs from TypeScript) is most of an
 * in-process run's time, so while a program runs they are neither captured nor formatted. Every other error
 * keeps its full, source-mapped stack.
 */

/** The Pulumi runtime's promise wrapper, the only caller whose traces are skipped. */
const PULUMI_PROMISE_WRAPPER = "debuggablePromise";

/** What a skipped trace reads, should anything print it. */
export const UNRECORDED_PROMISE_STACK = "(not recorded: set PULUMI_DEBUG_PROMISE_LEAKS to record it)";

type PrepareStackTrace = NonNullable<ErrorConstructor["prepareStackTrace"]>;

type PromiseWrapper = <T>(promise: Promise<T>, context: unknown) => Promise<T>;

/**
 * The runtime's module holding the wrapper (internal: its types do not declare it). Its callers look the
 * wrapper up on the module at each call (`debuggable_1.debuggablePromise(...)`), so replacing it there
 * reaches every one of them.
 */
const runtimePromises: Record<
  typeof PULUMI_PROMISE_WRAPPER,
  PromiseWrapper
> = require("@pulumi/pulumi/runtime/debuggable");

/**
 * The runtime's wrapper, capturing no trace: the same bookkeeping (ids, leak candidates), with the trace
 * reading {@link UNRECORDED_PROMISE_STACK}.
 */
function withoutTrace(wrapper: PromiseWrapper): PromiseWrapper {
  return (promise, context) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return wrapper(promise, context);
    } finally {
      Error.stackTraceLimit = limit;
      Object.defineProperty(promise, "_debugStackTrace", { writable: true, value: UNRECORDED_PROMISE_STACK });
    }
  };
}

/** The `Error.prepareStackTrace` that skips the runtime's promise traces and passes every other on to `next`. */
export function skippingPromiseStacks(next: PrepareStackTrace | undefined): PrepareStackTrace {
  return (error, callSites) => {
    if (callSites[0]?.getFunctionName() === PULUMI_PROMISE_WRAPPER) return UNRECORDED_PROMISE_STACK;
    // Without a formatter installed, V8's own format: the message, then one "at" line per frame.
    return next ? next(error, callSites) : [String(error), ...callSites.map((s) => `    at ${s}`)].join("\n");
  };
}

/**
 * Runs `body` with the runtime's promise traces skipped, then puts the runtime's wrapper and the previous
 * formatter back. With `PULUMI_DEBUG_PROMISE_LEAKS` set they are recorded as usual, for the runtime's leak
 * report.
 */
export async function withoutPromiseStacks<T>(body: () => Promise<T>): Promise<T> {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return body();
  const previous = Error.prepareStackTrace;
  const wrapper = runtimePromises[PULUMI_PROMISE_WRAPPER];
  Error.prepareStackTrace = skippingPromiseStacks(previous);
  runtimePromises[PULUMI_PROMISE_WRAPPER] = withoutTrace(wrapper);
  try {
    return await body();
  } finally {
    runtimePromises[PULUMI_PROMISE_WRAPPER] = wrapper;
    Error.prepareStackTrace = previous;
  }
}
