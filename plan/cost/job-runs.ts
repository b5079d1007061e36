/**
 * How many times an EventBridge Scheduler expression fires in an average month, for the cost of a job.
 * `rate(N unit)` fires every N minutes, hours or days; `cron(M H DOM MON DOW YEAR)` is counted day by day over
 * one calendar year and divided by 12. The count is taken in UTC: a time zone moves the runs but changes how
 * many there are only on DST days (one run more or less a year), which is below what a monthly estimate shows.
 * Source: https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */

/** An expression outside what the count reads. */
export class UncountedSchedule extends Error {}

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const RATE_MINUTES: Record<string, number> = { minute: 1, hour: 60, day: 1440 };
/** The year counted when the expression allows it (any year without 29 February would do as well). */
const COUNTED_YEAR = 2027;

/** The values of one numeric cron field: `*`, `5`, `1,3`, `8-18`, `*\/15`, `0/30`, names where given. */
function values(field: string, low: number, high: number, names: string[] = []): Set<number> {
  const one = (text: string) => {
    const named = names.indexOf(text.toUpperCase());
    const n = named >= 0 ? named + low : Number(text);
    if (!Number.isInteger(n) || n < low || n > high) throw new UncountedSchedule(`"${text}" in "${field}"`);
    return n;
  };
  const result = new Set<number>();
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : one(stepText);
    const [from, to] =
      range === "*" ? [low, high] : range.includes("-") ? range.split("-").map(one) : [one(range), undefined];
    const end = to ?? (stepText === undefined ? from : high);
    for (let n = from; n <= end; n += step) result.add(n);
  }
  return result;
}

/** Whether a day-of-month field (`*`, `?`, numbers, `L`, `15W`) takes `day` of a month `length` days long. */
function dayOfMonthMatcher(field: string): (day: number, length: number, weekday: number) => boolean {
  if (field === "*" || field === "?") return () => true;
  if (field === "L") return (day, length) => day === length;
  const weekday = /^(\d{1,2})W$/.exec(field);
  if (weekday) {
    // The weekday nearest to day N within the month: Saturday moves to Friday, Sunday to Monday.
    const n = Number(weekday[1]);
    return (day, length, dow) => {
      const target = Math.min(n, length);
      const targetDow = (((dow + target - day) % 7) + 7) % 7;
      const runsOn =
        targetDow === 6
          ? target === 1
            ? target + 2
            : target - 1
          : targetDow === 0
            ? target === length
              ? target - 2
              : target + 1
            : target;
      return day === runsOn;
    };
  }
  const days = values(field, 1, 31);
  return (day) => days.has(day);
}

/** Whether a day-of-week field (`*`, `?`, `MON-FRI`, `6#3`, `5L`) takes a date (1 = Sunday, as AWS counts). */
function dayOfWeekMatcher(field: string): (dow: number, day: number, length: number) => boolean {
  if (field === "*" || field === "?") return () => true;
  const nth = /^(\w+)#([1-5])$/.exec(field);
  if (nth) {
    const [wanted] = values(nth[1], 1, 7, DAYS);
    return (dow, day) => dow + 1 === wanted && Math.ceil(day / 7) === Number(nth[2]);
  }
  const last = /^(\w+)L$/.exec(field);
  if (last) {
    const [wanted] = values(last[1], 1, 7, DAYS);
    return (dow, day, length) => dow + 1 === wanted && day + 7 > length;
  }
  const days = values(field, 1, 7, DAYS);
  return (dow) => days.has(dow + 1);
}

/** Runs of `expression` in an average month of `hoursPerMonth` hours; a disabled schedule is 0 elsewhere. */
export function runsPerMonth(expression: string, hoursPerMonth: number): number {
  const rate = /^rate\((\d+) (minute|hour|day)s?\)$/.exec(expression.trim());
  if (rate) return (hoursPerMonth * 60) / (Number(rate[1]) * RATE_MINUTES[rate[2]]);
  const at = /^at\(.+\)$/.test(expression.trim());
  if (at) return 0;
  const cron = /^cron\((.+)\)$/.exec(expression.trim());
  if (!cron) throw new UncountedSchedule(`"${expression}" is not a rate(), cron() or at() expression`);
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) throw new UncountedSchedule(`"${expression}" does not have 6 fields`);
  const [minute, hour, dayOfMonth, month, dayOfWeek, year] = fields;
  const perDay = values(minute, 0, 59).size * values(hour, 0, 23).size;
  const months = values(month, 1, 12, MONTHS);
  const years = values(year, 1970, 2199);
  const counted = years.has(COUNTED_YEAR) ? COUNTED_YEAR : Math.min(...years);
  const domOk = dayOfMonthMatcher(dayOfMonth);
  const dowOk = dayOfWeekMatcher(dayOfWeek);
  let days = 0;
  for (let m = 1; m <= 12; m++) {
    if (!months.has(m)) continue;
    const length = new Date(Date.UTC(counted, m, 0)).getUTCDate();
    for (let d = 1; d <= length; d++) {
      const dow = new Date(Date.UTC(counted, m - 1, d)).getUTCDay();
      if (domOk(d, length, dow) && dowOk(dow, d, length)) days++;
    }
  }
  return (days * perDay) / 12;
}
