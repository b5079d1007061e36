/**
 * Awake hours of a service whose capacity Application Auto Scaling changes on a schedule: a week is
 * simulated minute by minute in each action's IANA time zone, so DST offsets and zones east or west of
 * UTC come out right.
 */

/** One scheduled action as the plan records it (`aws:appautoscaling/scheduledAction`). */
export interface CapacityAction {
  /** `cron(M H DOM MON DOW YEAR)` as Application Auto Scaling takes it. */
  schedule: string;
  /** IANA zone the cron fields are read in. @default "UTC" */
  timezone?: string;
  minCapacity?: number;
  maxCapacity?: number;
}

/** Capacity bounds at one moment. */
export interface Capacity {
  min: number;
  max: number;
}

/** Task-hours in the simulated week, at the lower and the upper capacity bound. */
export interface WeeklyTaskHours {
  min: number;
  max: number;
  /** Hours in the week during which the upper bound is above zero. */
  awakeHours: number;
}

/** A cron expression outside what the simulation reads (a fixed day of month, a month list, a year). */
export class UnsupportedSchedule extends Error {}

const DAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MINUTES_PER_WEEK = 7 * 24 * 60;
/** A Monday 00:00 UTC in January: no DST change falls in the week after it in either hemisphere's zones. */
const WEEK_START = Date.UTC(2026, 0, 5);

/** Parses one cron field of numbers (`*`, `5`, `1,3`, `8-18`, `*\/15`, `0/30`) into the allowed values. */
function numbers(field: string, low: number, high: number, names: string[] = []): Set<number> {
  const value = (text: string) => {
    const named = names.indexOf(text.toUpperCase());
    const n = named >= 0 ? named + low : Number(text);
    if (!Number.isInteger(n) || n < low || n > high) throw new UnsupportedSchedule(`"${text}" in "${field}"`);
    return n;
  };
  const result = new Set<number>();
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : value(stepText);
    const [from, to] =
      range === "*"
        ? [low, high]
        : range.includes("-")
          ? range.split("-").map(value)
          : [value(range), undefined];
    const end = to ?? (stepText === undefined ? from : high);
    for (let n = from; n <= end; n += step) result.add(n);
  }
  return result;
}

interface Cron {
  minutes: Set<number>;
  hours: Set<number>;
  /** 0 = Sunday. */
  days: Set<number>;
}

/** Reads `cron(M H ? * DAYS *)` (or `cron(M H * * ? *)`): the weekly schedules scheduled actions use. */
export function parseCron(schedule: string): Cron {
  const match = /^cron\((.+)\)$/.exec(schedule.trim());
  if (!match) throw new UnsupportedSchedule(`"${schedule}" is not a cron() schedule`);
  const fields = match[1].trim().split(/\s+/);
  if (fields.length !== 6) throw new UnsupportedSchedule(`"${schedule}" does not have 6 fields`);
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields;
  if (!["*", "?"].includes(dayOfMonth) || month !== "*" || year !== "*") {
    throw new UnsupportedSchedule(
      `"${schedule}" is not weekly (day of month, month and year must be * or ?)`,
    );
  }
  // AWS numbers days 1 (SUN) to 7 (SAT).
  const days = ["*", "?"].includes(dayOfWeek)
    ? new Set([0, 1, 2, 3, 4, 5, 6])
    : new Set([...numbers(dayOfWeek, 1, 7, DAY_NAMES)].map((d) => d - 1));
  return { minutes: numbers(minute, 0, 59), hours: numbers(hour, 0, 23), days };
}

/** Minutes to add to UTC for wall-clock time in `zone` at `utcMs`. */
function offsetMinutes(format: Intl.DateTimeFormat, utcMs: number): number {
  const parts = Object.fromEntries(format.formatToParts(utcMs).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute);
  return Math.round((wall - Math.floor(utcMs / 60000) * 60000) / 60000);
}

/** For each minute of two weeks from a week before {@link WEEK_START}: does the action fire? */
function firings(action: CapacityAction): (minute: number) => boolean {
  const cron = parseCron(action.schedule);
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: action.timezone ?? "UTC",
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
  });
  const offsets = new Map<number, number>();
  return (minute) => {
    const utcMs = WEEK_START + (minute - MINUTES_PER_WEEK) * 60000;
    const hour = Math.floor(minute / 60);
    let offset = offsets.get(hour);
    if (offset === undefined) {
      offset = offsetMinutes(format, utcMs - (minute % 60) * 60000);
      offsets.set(hour, offset);
    }
    const local = new Date(utcMs + offset * 60000);
    return (
      cron.minutes.has(local.getUTCMinutes()) &&
      cron.hours.has(local.getUTCHours()) &&
      cron.days.has(local.getUTCDay())
    );
  };
}

/**
 * Task-hours of one week under `actions`, starting from `initial` (the scalable target's own bounds, in
 * force until an action first fires). The week before is simulated too, so a week that starts asleep
 * (Monday 00:00, after Friday evening's scale-in) is costed asleep.
 */
export function weeklyTaskHours(actions: CapacityAction[], initial: Capacity): WeeklyTaskHours {
  const fires = actions.map(firings);
  const state = { ...initial };
  const total = { min: 0, max: 0, awakeHours: 0 };
  for (let minute = 0; minute < 2 * MINUTES_PER_WEEK; minute++) {
    fires.forEach((fire, i) => {
      if (!fire(minute)) return;
      state.min = actions[i].minCapacity ?? state.min;
      state.max = actions[i].maxCapacity ?? state.max;
    });
    if (minute < MINUTES_PER_WEEK) continue;
    total.min += Math.min(state.min, state.max) / 60;
    total.max += state.max / 60;
    if (state.max > 0) total.awakeHours += 1 / 60;
  }
  return {
    min: round(total.min),
    max: round(total.max),
    awakeHours: round(total.awakeHours),
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;
