// The catalog checks schedules as the `ScheduledTask` component does: one implementation, in the library.
export { isTimeZone, scheduleProblem } from "../../lib/ecs/schedule-expression";
