import type { RecordedResource } from "../../engine/recording-monitor";
import type { StackPlan } from "../plan";
import { wrap } from "./text";

const SERVICE = "aws:ecs/service:Service";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";

const record = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** How an ECS service deploys, in words: its strategy, and the alarms that roll it back. */
export function describeRollout(service: RecordedResource): string {
  const config = record(service.inputs.deploymentConfiguration);
  const canary = record(config.canaryConfiguration);
  const linear = record(config.linearConfiguration);
  const bake = config.bakeTimeInMinutes === undefined ? "" : `, bake ${config.bakeTimeInMinutes} min`;
  const strategy =
    config.strategy === "CANARY"
      ? `canary ${canary.canaryPercent}% for ${canary.canaryBakeTimeInMinutes} min${bake}`
      : config.strategy === "LINEAR"
        ? `linear ${linear.stepPercent}% every ${linear.stepBakeTimeInMinutes} min${bake}`
        : String(config.strategy ?? "ROLLING").toLowerCase();
  const alarms = record(service.inputs.alarms);
  const names = Array.isArray(alarms.alarmNames) ? (alarms.alarmNames as string[]) : [];
  const watch =
    alarms.enable === true && names.length > 0
      ? `; ${alarms.rollback === true ? "rollback" : "no rollback"} on ${names.length} alarm(s): ${names.join(", ")}`
      : "; no deployment alarms";
  return `${strategy}${watch}`;
}

/**
 * The plan's rollout section: each ECS service's strategy and rollback alarms, and where the stack's alarms
 * notify. Empty for a stack without services or alarms.
 */
export function rolloutLines(plan: StackPlan, width: number): string[] {
  const services = plan.resources.filter((r) => r.type === SERVICE);
  const alarms = plan.resources.filter((r) => r.type === ALARM);
  if (services.length === 0 && alarms.length === 0) return [];
  const lines = ["", "  Rollouts:"];
  const item = (text: string) => {
    const [first, ...rest] = wrap(text, width - 6);
    lines.push(`    ${first}`, ...rest.map((part) => `      ${part}`));
  };
  for (const service of services) item(`${service.name}: ${describeRollout(service)}`);
  if (alarms.length > 0) {
    const topics = plan.resources.filter((r) => r.type === TOPIC);
    const topicName = (arn: unknown) => topics.find((t) => t.outputs.arn === arn)?.inputs.name ?? arn;
    const targets = new Set(alarms.flatMap((a) => (a.inputs.alarmActions as unknown[] | undefined) ?? []));
    const to = [...targets].map(topicName).join(", ") || "no action";
    item(`${alarms.length} alarm(s) notify ${to}`);
  }
  return lines;
}
