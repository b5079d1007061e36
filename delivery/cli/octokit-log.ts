// Octokit's REST client logs every failed request through `log.error` (its request-log plugin:
// "GET /repos/... - 403 with id ... in 12ms"), on top of the error it throws. The tools turn that error into
// their own one line, so the request log's copy is noise; warnings (deprecations) still reach stderr.
/** The `log` option for the tools' Octokit clients. */
export const TOOL_OCTOKIT_LOG = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: () => undefined,
};
