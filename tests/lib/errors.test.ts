import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  describeValue,
  isValidationError,
  requireIntegerInRange,
  requireOneOf,
  ValidationError,
} from "../../lib/errors";

describe("ValidationError", () => {
  it("is a pulumi.RunError, so the language host prints its message alone", () => {
    const err = new ValidationError("pantstack:cpu", "300", "expected one of 256, 512");
    assert.ok(pulumi.RunError.isInstance(err));
    assert.ok(isValidationError(err));
    assert.equal(err.name, "ValidationError");
    assert.equal(err.message, 'pantstack:cpu: "300" is not allowed; expected one of 256, 512');
    assert.deepEqual([err.key, err.value, err.allowed], ["pantstack:cpu", "300", "expected one of 256, 512"]);
  });

  it("is told apart from other errors with the same name", () => {
    const other = new Error("x");
    other.name = "ValidationError";
    assert.equal(isValidationError(other), false);
    assert.equal(isValidationError("ValidationError"), false);
    const lookalike = Object.assign(new Error("x"), { key: "k", allowed: "a" });
    assert.equal(isValidationError(lookalike), false, "same fields, another name");
    const plain = { name: "ValidationError", key: "k", allowed: "a", message: "x" };
    assert.equal(isValidationError(plain), false, "not an Error");
  });
});

describe("the validators' messages", () => {
  it("render values: strings quoted, missing spelled out, objects as JSON", () => {
    assert.equal(describeValue(undefined), "(missing)");
    assert.equal(describeValue("a"), '"a"');
    assert.equal(describeValue({ a: 1 }), '{"a":1}');
    assert.equal(describeValue(3), "3");
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    assert.equal(describeValue(cyclic), "[object Object]");
    assert.equal(describeValue(Symbol("s")), "Symbol(s)");
  });

  it("accept integers within the range, bounds included, and refuse the rest", () => {
    assert.equal(requireIntegerInRange("k", 1, 1, 3), 1);
    assert.equal(requireIntegerInRange("k", 3, 1, 3), 3);
    for (const bad of [0, 4, 1.5, Number.NaN]) {
      assert.throws(() => requireIntegerInRange("k", bad, 1, 3), {
        message: `k: ${describeValue(bad)} is not allowed; expected an integer from 1 to 3`,
      });
    }
  });

  it("accept one of the allowed values and list them otherwise", () => {
    assert.equal(requireOneOf("k", "b", ["a", "b"]), "b");
    assert.throws(() => requireOneOf("k", "c", ["a", "b"]), {
      message: 'k: "c" is not allowed; expected one of a, b',
    });
  });
});
