import { ValidationError } from "../errors";

const range = (from: number, to: number, step: number) =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

/** Fargate's supported task sizes: memory (MiB) allowed for each cpu (units). */
export const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

/** The cpu values Fargate accepts. */
export const FARGATE_CPU = Object.keys(FARGATE_MEMORY).map(Number);

/** Throws unless `cpu` is a Fargate cpu value. */
export function checkFargateCpu(key: string, cpu: number): number {
  if (!FARGATE_CPU.includes(cpu)) {
    throw new ValidationError(key, cpu, `Fargate cpu must be one of ${FARGATE_CPU.join(", ")}`);
  }
  return cpu;
}

/** Throws unless `memory` is allowed with `cpu` on Fargate; the error lists the valid memory values. */
export function checkFargateSize(keys: { cpu: string; memory: string }, cpu: number, memory: number): void {
  checkFargateCpu(keys.cpu, cpu);
  const allowed = FARGATE_MEMORY[cpu];
  if (!allowed.includes(memory)) {
    throw new ValidationError(
      keys.memory,
      memory,
      `with cpu ${cpu}, Fargate memory must be one of ${allowed.join(", ")}`,
    );
  }
}
