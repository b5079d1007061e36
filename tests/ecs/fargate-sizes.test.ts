import assert from "node:assert/strict";
import { checkFargateSize, FARGATE_MEMORY } from "../../lib/ecs/fargate-sizes";

const keys = { cpu: "cpu", memory: "memory" };

describe("Fargate task sizes", () => {
  it("accepts exactly AWS's documented pairs", () => {
    const counts = Object.fromEntries(Object.entries(FARGATE_MEMORY).map(([cpu, mem]) => [cpu, mem.length]));
    assert.deepEqual(counts, { 256: 3, 512: 4, 1024: 7, 2048: 13, 4096: 23, 8192: 12, 16384: 12 });
    assert.deepEqual(FARGATE_MEMORY[8192].slice(0, 2), [16384, 20480]);
    assert.equal(FARGATE_MEMORY[16384].at(-1), 122880);
    for (const [cpu, memories] of Object.entries(FARGATE_MEMORY)) {
      for (const memory of memories) assert.doesNotThrow(() => checkFargateSize(keys, Number(cpu), memory));
    }
  });

  it("names the cpu and lists the allowed values for an unknown cpu", () => {
    assert.throws(
      () => checkFargateSize(keys, 300, 512),
      /^ValidationError: cpu: 300 is not allowed; Fargate cpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384$/,
    );
  });

  it("lists the valid memory values for the cpu given", () => {
    assert.throws(
      () => checkFargateSize(keys, 256, 3000),
      /memory: 3000 is not allowed; with cpu 256, Fargate memory must be one of 512, 1024, 2048$/,
    );
    assert.throws(
      () => checkFargateSize(keys, 4096, 31744),
      /with cpu 4096, Fargate memory must be one of 8192, 9216, .*, 30720$/,
    );
  });
});
