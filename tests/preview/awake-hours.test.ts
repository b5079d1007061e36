import assert from "node:assert/strict";
import {
  awakeHoursPerWeek,
  awakeState,
  cronDays,
  parseAwakeHours,
  sleepSchedule,
} from "../../lib/preview/awake-hours";
import { checkTimeZone } from "../../lib/preview/zoned-time";

const KEYS = { hours: "pantstack:previewAwakeHours", timeZone: "pantstack:previewTimeZone" };
const parse = (hours: string, zone = "UTC") => parseAwakeHours(KEYS, hours, zone);
const must = (hours: string, zone = "UTC") => {
  const parsed = parse(hours, zone);
  if (!parsed) throw new Error(`${hours} parsed as always`);
  return parsed;
};

describe("awake hours", () => {
  it("turns the default into a 07:00 wake and a 20:00 sleep on working days, 65 hours a week", () => {
    const hours = must("Mon-Fri 07:00-20:00", "Europe/Berlin");
    assert.deepEqual(sleepSchedule(hours), {
      wake: "cron(0 7 ? * MON-FRI *)",
      sleep: "cron(0 20 ? * MON-FRI *)",
      timeZone: "Europe/Berlin",
    });
    assert.equal(awakeHoursPerWeek(hours), 65);
  });

  it("keeps the wall-clock cron in every zone: the zone travels in the action's timezone field", () => {
    for (const zone of ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Sydney"]) {
      const schedule = sleepSchedule(must("Mon-Fri 08:30-18:15", zone));
      assert.deepEqual(schedule, {
        wake: "cron(30 8 ? * MON-FRI *)",
        sleep: "cron(15 18 ? * MON-FRI *)",
        timeZone: zone,
      });
    }
  });

  it("writes day lists in AWS order without wrapping ranges (SUN=1..SAT=7)", () => {
    assert.equal(cronDays(must("Mon,Wed,Fri 09:00-17:00").days), "MON,WED,FRI");
    assert.equal(cronDays(must("Fri-Sun 09:00-17:00").days), "SUN,FRI,SAT");
    assert.equal(cronDays(must("Mon-Sun 09:00-17:00").days), "*");
    assert.equal(cronDays(must("mon-thu,sat 09:00-17:00").days), "MON-THU,SAT");
    assert.equal(awakeHoursPerWeek(must("Mon-Sun 09:00-17:30")), 59.5);
  });

  it("'always' turns sleeping off (168 hours a week), whatever its case", () => {
    assert.equal(parse("always"), undefined);
    assert.equal(parse(" Always "), undefined);
    assert.equal(awakeHoursPerWeek(undefined), 168);
  });

  it("refuses a zone that is not IANA, naming the key, even with 'always'", () => {
    for (const zone of ["Mars/Olympus_Mons", "+01:00", "CET+1", "", "Europe/"]) {
      assert.throws(
        () => parse("always", zone),
        (err: Error) =>
          err.name === "ValidationError" &&
          err.message.startsWith(`pantstack:previewTimeZone: ${JSON.stringify(zone)} is not allowed;`) &&
          /IANA time zone/.test(err.message),
        zone,
      );
    }
    assert.equal(checkTimeZone("k", "America/Argentina/Buenos_Aires"), "America/Argentina/Buenos_Aires");
  });

  it("refuses malformed hours with the rule in words", () => {
    const bad = [
      "Mon-Fri",
      "Mon-Fri 7:00-20:00",
      "Mon-Fri 20:00-07:00",
      "Mon-Fri 07:00-07:00",
      "Mon-Fri 07:00-24:00",
      "Fri-Mon 07:00-20:00",
      "Mon,,Fri 07:00-20:00",
      "Weekdays 07:00-20:00",
      "Mon-Wed-Fri 07:00-20:00",
      "never",
    ];
    for (const value of bad) {
      assert.throws(
        () => parse(value),
        (err: Error) =>
          err.message.startsWith(`pantstack:previewAwakeHours: ${JSON.stringify(value)} is not allowed;`) &&
          /"always" or days and a daily window/.test(err.message),
        value,
      );
    }
  });
});

describe("awake state at an instant", () => {
  const berlin = must("Mon-Fri 07:00-20:00", "Europe/Berlin");

  it("is awake on a working day inside the window, asleep outside it", () => {
    // Wednesday 2026-11-25, CET (UTC+1): 12:00 local is 11:00Z.
    assert.equal(awakeState(berlin, new Date("2026-11-25T11:00:00Z")).awake, true);
    assert.equal(awakeState(berlin, new Date("2026-11-25T05:59:00Z")).awake, false); // 06:59 local
    assert.equal(awakeState(berlin, new Date("2026-11-25T06:00:00Z")).awake, true); // 07:00 local
    assert.equal(awakeState(berlin, new Date("2026-11-25T19:00:00Z")).awake, false); // 20:00 local
    assert.equal(awakeState(berlin, new Date("2026-11-28T11:00:00Z")).awake, false); // Saturday
  });

  it("finds the next sleep and wake in the zone's own offset", () => {
    // Friday 2026-11-27 21:00 local: asleep; it sleeps again Monday 20:00 and wakes Monday 07:00.
    const state = awakeState(berlin, new Date("2026-11-27T20:00:00Z"));
    assert.equal(state.awake, false);
    assert.equal(state.nextWake.toISOString(), "2026-11-30T06:00:00.000Z");
    assert.equal(state.nextSleep.toISOString(), "2026-11-30T19:00:00.000Z");
  });

  it("follows a daylight-saving change: 07:00 local moves from 05:00Z to 06:00Z over the weekend", () => {
    // Berlin leaves summer time on Sunday 2026-10-25. Friday before: CEST (UTC+2); Monday after: CET (UTC+1).
    const friday = awakeState(berlin, new Date("2026-10-23T10:00:00Z"));
    assert.equal(friday.nextSleep.toISOString(), "2026-10-23T18:00:00.000Z");
    assert.equal(friday.nextWake.toISOString(), "2026-10-26T06:00:00.000Z");
    // New York enters summer time on Sunday 2026-03-08: 07:00 is 12:00Z on Friday, 11:00Z on Monday.
    const newYork = must("Mon-Fri 07:00-20:00", "America/New_York");
    const before = awakeState(newYork, new Date("2026-03-06T11:00:00Z"));
    assert.equal(before.awake, false);
    assert.equal(before.nextWake.toISOString(), "2026-03-06T12:00:00.000Z");
    const weekend = awakeState(newYork, new Date("2026-03-07T12:00:00Z"));
    assert.equal(weekend.nextWake.toISOString(), "2026-03-09T11:00:00.000Z");
    assert.equal(weekend.nextSleep.toISOString(), "2026-03-10T00:00:00.000Z");
  });

  it("handles zones east of UTC whose local day differs from UTC's", () => {
    // Sydney (AEDT, UTC+11): Monday 2026-11-30 07:00 local is Sunday 20:00Z.
    const sydney = must("Mon-Fri 07:00-20:00", "Australia/Sydney");
    const sunday = awakeState(sydney, new Date("2026-11-29T19:59:00Z"));
    assert.equal(sunday.awake, false);
    assert.equal(sunday.nextWake.toISOString(), "2026-11-29T20:00:00.000Z");
    assert.equal(awakeState(sydney, new Date("2026-11-29T20:00:00Z")).awake, true);
  });
});
