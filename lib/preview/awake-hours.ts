import { ValidationError } from "../errors";
import { addDays, checkTimeZone, WEEKDAYS, type Weekday, wallClock, zonedInstant } from "./zoned-time";

/** The default awake hours of a preview: working days, 07:00 to 20:00 in its time zone. */
export const DEFAULT_AWAKE_HOURS = "Mon-Fri 07:00-20:00";
/** The default time zone of a preview's awake hours. */
export const DEFAULT_TIME_ZONE = "UTC";
/** The awake-hours value that keeps a preview running around the clock. */
export const ALWAYS_AWAKE = "always";

/** When a preview runs: days of the week and a daily window in one time zone. */
export interface AwakeHours {
  /** Awake days, in `WEEKDAYS` order (Sunday first). */
  days: Weekday[];
  /** Minutes after local midnight the preview wakes. */
  start: number;
  /** Minutes after local midnight the preview sleeps (after `start`, same day). */
  end: number;
  /** The IANA time zone of `start` and `end`. */
  timeZone: string;
}

const ALLOWED =
  `"${ALWAYS_AWAKE}" or days and a daily window such as "${DEFAULT_AWAKE_HOURS}" ` +
  "(days: Mon..Sun, ranges like Mon-Fri or lists like Mon,Wed,Fri; times HH:MM, the end later than the start)";

/** Monday-first order, the way people write day ranges (`Mon-Fri`, `Fri-Sun`). */
const WEEK_ORDER: Weekday[] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

/**
 * Parses an awake-hours value. `always` gives undefined: the preview never sleeps. Anything else must be
 * `<days> <HH:MM>-<HH:MM>`; a window that crosses midnight is refused (write two days' worth instead).
 */
export function parseAwakeHours(
  keys: { hours: string; timeZone: string },
  hours: string,
  timeZone: string,
): AwakeHours | undefined {
  const zone = checkTimeZone(keys.timeZone, timeZone);
  if (hours.trim().toLowerCase() === ALWAYS_AWAKE) return undefined;
  const match = /^\s*(\S+)\s+(\d{2}):(\d{2})-(\d{2}):(\d{2})\s*$/.exec(hours);
  if (!match) throw new ValidationError(keys.hours, hours, `expected ${ALLOWED}`);
  const days = parseDays(keys.hours, hours, match[1]);
  const [startHour, startMinute, endHour, endMinute] = match.slice(2).map(Number);
  if (startHour > 23 || endHour > 23 || startMinute > 59 || endMinute > 59) {
    throw new ValidationError(keys.hours, hours, `times run from 00:00 to 23:59; expected ${ALLOWED}`);
  }
  const start = startHour * 60 + startMinute;
  const end = endHour * 60 + endMinute;
  if (end <= start) {
    throw new ValidationError(
      keys.hours,
      hours,
      `the window must end later on the same day; expected ${ALLOWED}`,
    );
  }
  return { days, start, end, timeZone: zone };
}

function parseDays(key: string, value: string, text: string): Weekday[] {
  const days = new Set<Weekday>();
  for (const part of text.split(",")) {
    const [from, to, extra] = part.split("-").map((d) => WEEK_ORDER.indexOf(d.toUpperCase() as Weekday));
    const range = to === undefined ? [from, from] : [from, to];
    if (extra !== undefined || range.some((i) => i < 0) || range[1] < range[0]) {
      throw new ValidationError(
        key,
        value,
        `"${part}" is not a day or a Monday-to-Sunday range; expected ${ALLOWED}`,
      );
    }
    for (let i = range[0]; i <= range[1]; i++) days.add(WEEK_ORDER[i]);
  }
  return WEEKDAYS.filter((d) => days.has(d));
}

/** Awake hours per week (the cost model's basis): 65 for the default. Undefined hours: always awake. */
export function awakeHoursPerWeek(hours: AwakeHours | undefined): number {
  if (!hours) return 168;
  return (hours.days.length * (hours.end - hours.start)) / 60;
}

/**
 * The day-of-week field of an AWS cron expression: `*` for every day, else runs of consecutive days in AWS
 * order (SUN=1 .. SAT=7, which ranges must not wrap), e.g. `MON-FRI` or `SUN,SAT`.
 */
export function cronDays(days: Weekday[]): string {
  if (days.length === 7) return "*";
  const runs: Weekday[][] = [];
  for (const day of WEEKDAYS.filter((d) => days.includes(d))) {
    const last = runs[runs.length - 1];
    if (last && WEEKDAYS.indexOf(last[last.length - 1]) === WEEKDAYS.indexOf(day) - 1) last.push(day);
    else runs.push([day]);
  }
  return runs.flatMap((run) => (run.length >= 3 ? [`${run[0]}-${run[run.length - 1]}`] : run)).join(",");
}

/** `cron(M H ? * DAYS *)`: Application Auto Scaling's cron, read in the action's own `timezone`. */
export function dailyCron(minuteOfDay: number, days: Weekday[]): string {
  return `cron(${minuteOfDay % 60} ${Math.floor(minuteOfDay / 60)} ? * ${cronDays(days)} *)`;
}

/** The two recurring scheduled actions of a sleeping preview. */
export interface SleepSchedule {
  /** Sets min = max = awake capacity. */
  wake: string;
  /** Sets min = max = 0. */
  sleep: string;
  /** The IANA time zone both expressions are in. */
  timeZone: string;
}

/** The cron expressions of {@link AwakeHours}. */
export function sleepSchedule(hours: AwakeHours): SleepSchedule {
  return {
    wake: dailyCron(hours.start, hours.days),
    sleep: dailyCron(hours.end, hours.days),
    timeZone: hours.timeZone,
  };
}

/** Where a preview stands at an instant, and its next change. */
export interface AwakeState {
  /** Whether the preview is running at the instant. */
  awake: boolean;
  /** The next time the sleep action fires after the instant. */
  nextSleep: Date;
  /** The next time the wake action fires after the instant. */
  nextWake: Date;
}

/** Whether the schedule has the preview awake at `at`, and when the actions fire next. */
export function awakeState(hours: AwakeHours, at: Date): AwakeState {
  const today = wallClock(at, hours.timeZone);
  const minute = today.hour * 60 + today.minute;
  const awake = hours.days.includes(today.weekday) && minute >= hours.start && minute < hours.end;
  return {
    awake,
    nextSleep: nextFiring(hours, hours.end, at),
    nextWake: nextFiring(hours, hours.start, at),
  };
}

/** The first instant after `at` when the local clock shows `minuteOfDay` on an awake day. */
function nextFiring(hours: AwakeHours, minuteOfDay: number, at: Date): Date {
  const today = wallClock(at, hours.timeZone);
  for (let offset = 0; offset <= 7; offset++) {
    const date = addDays(today, offset);
    if (!hours.days.includes(date.weekday)) continue;
    const instant = zonedInstant(hours.timeZone, date, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
    if (instant.getTime() > at.getTime()) return instant;
  }
  // Unreachable: at least one day is awake, and a week later that day's firing is after `at`.
  throw new Error(`no firing within a week of ${at.toISOString()}`);
}
