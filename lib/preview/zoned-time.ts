import { ValidationError } from "../errors";

/** Weekday abbreviations in `Date#getUTCDay` order (Sunday first), as AWS cron names them. */
export const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** An IANA zone name: `UTC`, `Europe/Berlin`, `America/Argentina/Buenos_Aires`, `Etc/GMT+5`. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/**
 * Returns `zone` if it is an IANA time zone this runtime knows (Application Auto Scaling takes the same
 * names). Offsets such as `+01:00`, which newer ICU versions accept, are refused: AWS does not take them.
 */
export function checkTimeZone(key: string, zone: string): string {
  const refuse = () =>
    new ValidationError(
      key,
      zone,
      "expected an IANA time zone name such as UTC, Europe/Berlin or America/New_York",
    );
  if (!ZONE_NAME.test(zone)) throw refuse();
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw refuse();
  }
  return zone;
}

/** The wall clock of an instant in a zone. */
export interface WallClock {
  year: number;
  /** 1 to 12. */
  month: number;
  day: number;
  weekday: Weekday;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, format);
  }
  return format;
}

/** What the clock on the wall in `zone` shows at `instant`. */
export function wallClock(instant: Date, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const part of formatter(zone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: parts.weekday.toUpperCase() as Weekday,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** Milliseconds `zone` is ahead of UTC at `instant` (negative west of Greenwich). */
function offsetAt(instant: number, zone: string): number {
  const wall = wallClock(new Date(instant), zone);
  const seconds = new Date(instant).getUTCSeconds();
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, seconds);
  return asUtc - (instant - new Date(instant).getUTCMilliseconds());
}

/**
 * The instant the clock in `zone` shows `hour:minute` on the given local date. Across a daylight-saving
 * change the offset of the resulting instant is used, so 07:00 is 07:00 local on either side of it.
 */
export function zonedInstant(
  zone: string,
  date: { year: number; month: number; day: number },
  hour: number,
  minute: number,
): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const first = wall - offsetAt(wall, zone);
  return new Date(wall - offsetAt(first, zone));
}

/** The local calendar date `days` after the given one (calendar arithmetic, no zone involved). */
export function addDays(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number; weekday: Weekday } {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: WEEKDAYS[shifted.getUTCDay()],
  };
}
