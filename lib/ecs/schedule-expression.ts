/**
 * EventBridge Scheduler expressions, checked as AWS checks them so a bad schedule fails at plan time.
 * `cron(minutes hours day-of-month month day-of-week year)` has six fields and `rate(value unit)` takes
 * minute(s), hour(s) or day(s), singular for 1.
 * Source: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
const CRON = /^cron\((\S+) (\S+) (\S+) (\S+) (\S+) (\S+)\)$/;
const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;

/** Null when AWS accepts `expression`, else what is allowed. */
export function scheduleProblem(expression: string): string | null {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    if (value < 1) return "a rate must be 1 or more";
    const singular = !rate[2].endsWith("s");
    if ((value === 1) !== singular) {
      return `use "${value === 1 ? rate[2].replace(/s$/, "") : `${rate[2].replace(/s$/, "")}s`}" with ${value}`;
    }
    return null;
  }
  const cron = CRON.exec(expression);
  if (cron) {
    const [, , , dayOfMonth, , dayOfWeek] = cron;
    // AWS: one of day-of-month and day-of-week must be "?".
    if ((dayOfMonth === "?") === (dayOfWeek === "?")) {
      return "a cron expression needs ? in exactly one of day-of-month and day-of-week";
    }
    return null;
  }
  return "expected cron(<6 fields>) or rate(<N> minute|minutes|hour|hours|day|days)";
}

/** True when `zone` is an IANA time zone name the runtime knows (as EventBridge Scheduler does). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone === "UTC" || zone.includes("/");
  } catch {
    return false;
  }
}
