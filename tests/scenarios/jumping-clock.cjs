// Preloaded (NODE_OPTIONS=--require) into the processes a scenario's step starts: a clock that jumps instead
// of waiting. A timer of 10 s or more (the deployment wait's 15 s poll) fires at once and moves Date.now() on
// by its delay, so the tool makes the same looks in the same order and sees the same time pass, without the
// test waiting for it. Shorter timers (the AWS SDK's socket and retry timers, I/O) keep the real clock.
const LONG_MS = 10_000;
const realNow = Date.now;
const realSetTimeout = globalThis.setTimeout;
let jumped = 0;

Date.now = () => realNow() + jumped;
globalThis.setTimeout = function setTimeout(callback, ms, ...args) {
  if (typeof ms !== "number" || ms < LONG_MS) return realSetTimeout(callback, ms, ...args);
  return realSetTimeout(() => {
    jumped += ms;
    callback(...args);
  }, 0);
};
