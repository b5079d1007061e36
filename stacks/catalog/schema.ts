import { z } from "zod";
import { FARGATE_CPU, FARGATE_MEMORY } from "../../lib/ecs/fargate-sizes";
import { isTimeZone, scheduleProblem } from "./schedule";

/** The service kinds, after AWS Copilot's: a public web service, a private backend, a queue worker, a job. */
export const SERVICE_KINDS = ["web", "backend", "worker", "job"] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

const NAME = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,19}$/, "expected a lowercase name of 1 to 20 letters, digits or dashes");

const PORT = z
  .number()
  .int("expected an integer")
  .min(1, "expected 1 to 65535")
  .max(65535, "expected 1 to 65535");

const common = {
  name: NAME,
  /** The Pants address of the service's `docker_image` target, e.g. `services/api:image`. */
  image: z.string().regex(/^[\w./-]*:[\w.-]+$/, "expected a Pants address such as services/api:image"),
  cpu: z
    .number()
    .refine((v) => FARGATE_CPU.includes(v), `Fargate cpu must be one of ${FARGATE_CPU.join(", ")}`)
    .default(256),
  memory: z.number().int().default(512),
  desiredCount: z.number().int().min(0).max(1000).optional(),
  minCount: z.number().int().min(1).max(1000).optional(),
  maxCount: z.number().int().min(1).max(1000).optional(),
  environment: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
  secrets: z
    .record(
      z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
      z
        .string()
        .regex(/^arn:aws[\w-]*:(ssm|secretsmanager):/, "expected an SSM parameter or Secrets Manager ARN"),
    )
    .default({}),
  dependsOn: z.array(NAME).default([]),
};

const WEB = z.strictObject({
  ...common,
  kind: z.literal("web"),
  port: PORT.default(8000),
  healthPath: z
    .string()
    .regex(/^\/\S*$/, "expected a path starting with /")
    .default("/health"),
  /** The host label under the environment's domain; the stack's own label when absent. */
  hostLabel: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, "expected a DNS label")
    .optional(),
  paths: z.array(z.string().regex(/^\/\S*$/, "expected a path pattern starting with /")).default([]),
});

const BACKEND = z.strictObject({
  ...common,
  kind: z.literal("backend"),
  port: PORT.default(8000),
  healthPath: z
    .string()
    .regex(/^\/\S*$/, "expected a path starting with /")
    .default("/health"),
});

const WORKER = z.strictObject({
  ...common,
  kind: z.literal("worker"),
  queue: z
    .strictObject({
      /** Seconds a received message stays hidden; SQS allows 0 to 43200. */
      visibilityTimeoutSeconds: z.number().int().min(0).max(43200).default(30),
      /** Receives before a message moves to the DLQ; SQS allows 1 to 1000. */
      maxReceiveCount: z.number().int().min(1).max(1000).default(5),
      /** Visible messages per task the scaling aims at. */
      backlogPerTask: z.number().int().min(1).default(10),
    })
    .default({ visibilityTimeoutSeconds: 30, maxReceiveCount: 5, backlogPerTask: 10 }),
});

const JOB = z.strictObject({
  ...common,
  kind: z.literal("job"),
  schedule: z.string().superRefine((v, ctx) => {
    const problem = scheduleProblem(v);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
  timeZone: z.string().refine(isTimeZone, "expected an IANA time zone such as Europe/Berlin").default("UTC"),
  /** Seconds before a run is stopped. */
  timeoutSeconds: z.number().int().min(60).max(86400).default(3600),
});

export const SERVICE = z.discriminatedUnion("kind", [WEB, BACKEND, WORKER, JOB], {
  error: (issue) =>
    issue.code === "invalid_union" ? `expected kind one of ${SERVICE_KINDS.join(", ")}` : undefined,
});

export const CATALOG = z.strictObject({
  services: z.array(SERVICE).min(1, "expected at least one service"),
});

export type Service = z.infer<typeof SERVICE>;
export type WebService = z.infer<typeof WEB>;
export type BackendService = z.infer<typeof BACKEND>;
export type WorkerService = z.infer<typeof WORKER>;
export type JobService = z.infer<typeof JOB>;
export type Catalog = z.infer<typeof CATALOG>;

/** Memory values allowed with `cpu` on Fargate. */
export function fargateMemoryFor(cpu: number): readonly number[] {
  return FARGATE_MEMORY[cpu] ?? [];
}
