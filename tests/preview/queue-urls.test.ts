import assert from "node:assert/strict";
import { CATALOG } from "../../stacks/catalog/schema";
import { neededTestOutputs } from "../../stacks/preview/private-services";
import { resolveQueueUrls } from "../../stacks/preview/services";

// What previewOverlay puts in a caller's variables for a worker the preview runs.
const EVENTS_PLACEHOLDER = `\${events.queueUrl}`;

describe("a preview's worker queue URLs and what it needs from test", () => {
  it("replaces each worker queue placeholder with the preview worker's queue, leaving test's addresses", () => {
    const resolved = resolveQueueUrls(
      {
        PANTSTACK_EVENTS_QUEUE_URL: EVENTS_PLACEHOLDER,
        PANTSTACK_AUTH_URL: "http://auth:8080",
        PANTSTACK_MAIL_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/pantstack-test-mail",
      },
      { events: "https://sqs.us-east-1.amazonaws.com/123456789012/pantstack-preview-pr-1-events" },
    );
    assert.deepEqual(resolved, {
      PANTSTACK_EVENTS_QUEUE_URL:
        "https://sqs.us-east-1.amazonaws.com/123456789012/pantstack-preview-pr-1-events",
      PANTSTACK_AUTH_URL: "http://auth:8080",
      PANTSTACK_MAIL_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/pantstack-test-mail",
    });
  });

  it("fails loudly if a caller comes before its worker (dependencies are created first)", () => {
    assert.throws(
      () => resolveQueueUrls({ PANTSTACK_EVENTS_QUEUE_URL: EVENTS_PLACEHOLDER }, {}),
      /PANTSTACK_EVENTS_QUEUE_URL: the preview's events queue does not exist yet/,
    );
  });

  it("needs test's namespace for a backend or a caller of one, and its scheduler role for a job", () => {
    const [web, auth, nightly] = CATALOG.parse({
      services: [
        { name: "web", kind: "web", image: "s/web:image", dependsOn: ["auth"] },
        { name: "auth", kind: "backend", image: "s/auth:image" },
        { name: "nightly", kind: "job", image: "s/n:image", schedule: "rate(1 day)" },
      ],
    }).services;
    assert.deepEqual(neededTestOutputs([{ service: web, callsBackend: false }]), {});
    assert.deepEqual(neededTestOutputs([{ service: web, callsBackend: true }]), {
      serviceConnectNamespaceArn: "web calls a backend",
    });
    assert.deepEqual(
      neededTestOutputs([
        { service: auth, callsBackend: false },
        { service: web, callsBackend: true },
        { service: nightly, callsBackend: false },
      ]),
      {
        serviceConnectNamespaceArn: "the preview runs backend auth",
        previewSchedulerRoleArn: "the preview runs job nightly",
      },
    );
  });
});
