import type { RecordedResource } from "../../engine/recording-monitor";
import { type PlannedWorld, type ProviderCall, requestTags, resourceTags } from "./provider-calls";

/**
 * The calls the AWS provider makes for the resources of the catalog's backends, workers and jobs (queues,
 * schedules, the Cloud Map namespace), as {@link providerCalls} makes them for the others. Each comment names
 * the AWS fact the row rests on.
 */

type Context = Record<string, string | string[]>;

const str = (v: unknown) => (typeof v === "string" ? v : "");
const tagsOf = (r: RecordedResource | undefined): Record<string, string> =>
  (r?.inputs.tags as Record<string, string> | undefined) ?? {};

/** The resource types this module models. */
export const SERVICE_RESOURCE_TYPES = [
  "aws:sqs/queue:Queue",
  "aws:scheduler/schedule:Schedule",
  "aws:scheduler/scheduleGroup:ScheduleGroup",
  "aws:servicediscovery/httpNamespace:HttpNamespace",
] as const;

/**
 * The calls of `pulumi up` (create), a redeploy (update), `pulumi refresh` (read) and `pulumi destroy`
 * (delete) for `r`, or undefined when `r` is not one of {@link SERVICE_RESOURCE_TYPES}.
 */
export function serviceProviderCalls(r: RecordedResource, world: PlannedWorld): ProviderCall[] | undefined {
  const { region } = world;
  const calls: ProviderCall[] = [];
  const add = (phase: ProviderCall["phase"], action: string, resource: string, context: Context = {}) => {
    const requested = /^iam:/.test(action) ? "us-east-1" : region;
    calls.push({
      phase,
      action,
      resource,
      context: { "aws:RequestedRegion": requested, ...context },
      of: `${r.type} ${r.name}`,
    });
  };
  const tags = tagsOf(r);
  const existing = resourceTags(tags);
  const creating = requestTags(tags);
  const arn = str(r.outputs.arn);
  switch (r.type) {
    case "aws:sqs/queue:Queue":
      // SQS authorizes the tags of CreateQueue as sqs:TagQueue as well (SQS Developer Guide, "tagging").
      add("create", "sqs:CreateQueue", arn, creating);
      add("create", "sqs:TagQueue", arn, creating);
      // The provider waits for the attributes to read back as set, then reads them and the tags.
      add("create", "sqs:GetQueueAttributes", arn, existing);
      add("update", "sqs:SetQueueAttributes", arn, existing);
      add("update", "sqs:TagQueue", arn, { ...existing, ...requestTags({ "pantstack:owner": "team" }) });
      add("update", "sqs:UntagQueue", arn, { ...existing, "aws:TagKeys": ["obsolete"] });
      add("read", "sqs:GetQueueAttributes", arn, existing);
      add("read", "sqs:ListQueueTags", arn, existing);
      add("delete", "sqs:DeleteQueue", arn, existing);
      break;
    case "aws:scheduler/schedule:Schedule": {
      // A schedule has no tags in AWS (only schedule groups do), so no tag context.
      add("create", "scheduler:CreateSchedule", arn);
      // Creating or updating a schedule passes its target's role to Scheduler.
      const target = r.inputs.target as { roleArn?: string } | undefined;
      const role = world.resources.find(
        (x) => x.type === "aws:iam/role:Role" && x.outputs.arn === str(target?.roleArn),
      );
      for (const phase of ["create", "update"] as const) {
        add(phase, "iam:PassRole", str(target?.roleArn), {
          "iam:PassedToService": "scheduler.amazonaws.com",
          ...resourceTags(tagsOf(role)),
        });
      }
      add("update", "scheduler:UpdateSchedule", arn);
      add("read", "scheduler:GetSchedule", arn);
      add("delete", "scheduler:DeleteSchedule", arn);
      break;
    }
    case "aws:scheduler/scheduleGroup:ScheduleGroup": {
      // A group's ARN is arn:aws:scheduler:<region>:<account>:schedule-group/<name> (the offline engine
      // answers a generic one). A group carries tags: created with them, then read and deleted.
      const account = arn.split(":")[4];
      const group = `arn:aws:scheduler:${region}:${account}:schedule-group/${str(r.inputs.name)}`;
      add("create", "scheduler:CreateScheduleGroup", group, creating);
      add("create", "scheduler:TagResource", group, creating);
      add("update", "scheduler:TagResource", group, {
        ...existing,
        ...requestTags({ "pantstack:owner": "team" }),
      });
      add("update", "scheduler:UntagResource", group, { ...existing, "aws:TagKeys": ["obsolete"] });
      add("read", "scheduler:GetScheduleGroup", group, existing);
      add("read", "scheduler:ListTagsForResource", group, existing);
      add("delete", "scheduler:DeleteScheduleGroup", group, existing);
      break;
    }
    case "aws:servicediscovery/httpNamespace:HttpNamespace":
      // CreateHttpNamespace and TagResource have no resource-level permission in AWS: evaluated on "*".
      add("create", "servicediscovery:CreateHttpNamespace", "*", creating);
      add("create", "servicediscovery:TagResource", "*", creating);
      // The create is asynchronous: the provider polls its operation until the namespace exists.
      add("create", "servicediscovery:GetOperation", arn, existing);
      add("read", "servicediscovery:GetNamespace", arn, existing);
      add("read", "servicediscovery:ListTagsForResource", "*");
      add("update", "servicediscovery:UpdateHttpNamespace", arn, existing);
      add("update", "servicediscovery:UntagResource", "*", { "aws:TagKeys": ["obsolete"] });
      add("delete", "servicediscovery:DeleteNamespace", arn, existing);
      add("delete", "servicediscovery:GetOperation", arn, existing);
      break;
    default:
      return undefined;
  }
  return calls;
}
