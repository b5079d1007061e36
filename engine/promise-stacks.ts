/**
 * The Pulumi runtime records a stack trace for every promise it makes (`debuggablePromise`, one per input,
 * output and registration), and prints them only when `PULUMI_DEBUG_PROMISE_LEAKS` is set. Formatting those
 * traces (through source maps, when a program runs from TypeScript) is most of an in-process run's time, so
 * while a program runs they are left unformatted. Every other error keeps its full, source-mapped stack.
 */

/** The Pulumi runtime's promise wrapper, the only caller whose traces are skipped. */
const PULUMI_PROMISE_WRAPPER = "debuggablePromise";

/** What a skipped trace reads, should anything print it. */
export const UNRECORDED_PROMISE_STACK = "(not recorded: set PULUMI_DEBUG_PROMISE_LEAKS to record it)";

type PrepareStackTrace = NonNullable<ErrorConstructor["prepareStackTrace"]>;

/** The `Error.prepareStackTrace` that skips the runtime's promise traces and passes every other on to `next`. */
export function skippingPromiseStacks(next: PrepareStackTrace | undefined): PrepareStackTrace {
  return (error, callSites) => {
    if (callSites[0]?.getFunctionName() === PULUMI_PROMISE_WRAPPER) return UNRECORDED_PROMISE_STACK;
    // Without a formatter installed, V8's own format: the message, then one "at" line per frame.
    return next ? next(error, callSites) : [String(error), ...callSites.map((s) => `    at ${s}`)].join("\n");
  };
}

/**
 * Runs `body` with the runtime's promise traces skipped, then puts the previous formatter back. With
 * `PULUMI_DEBUG_PROMISE_LEAKS` set they are recorded as usual, for the runtime's leak report.
 */
export async function withoutPromiseStacks<T>(body: () => Promise<T>): Promise<T> {
  if (process.env.PULUMI_DEBUG_PROMISE_LEAKS) return body();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = skippingPromiseStacks(previous);
  try {
    return await body();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
