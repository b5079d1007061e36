// semantic-release (`npx semantic-release`, run by the deploy workflows with GITHUB_TOKEN):
// - `main` releases x.y.z; `dev` releases prereleases x.y.z-dev.N on the `dev` channel.
// - The version comes from the conventional commits since the last release, overridden by the
//   `release:major|minor|patch|skip` labels of the PRs they came from (release/label-plugin.ts).
// - Nothing is committed back: versions live in tags and GitHub releases, whose notes are the changelog.
//   A commit pushed with GITHUB_TOKEN starts no workflow, so a release commit on dev would leave the open
//   dev -> main PR without its required checks, would need a ruleset bypass, and would make every hotfix
//   back-merge conflict on CHANGELOG.md.
// npm publish is a step of the main release job (trusted publishing), not a plugin here.
const { register } = require("tsx/cjs/api");

// The label plugin is TypeScript like the rest of the tools; tsx loads it here as in `npm run`.
register();
const { labelPlugin } = require("./delivery/release/label-plugin.ts");

const preset = "conventionalcommits";

module.exports = {
  branches: ["main", { name: "dev", prerelease: "dev", channel: "dev" }],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a lodash template semantic-release fills in
  tagFormat: "v${version}",
  plugins: [
    [labelPlugin, { preset }],
    ["@semantic-release/release-notes-generator", { preset }],
    // A GitHub release per version (dev's marked prerelease); no comments on every PR and issue it contains.
    ["@semantic-release/github", { successCommentCondition: false, failCommentCondition: false }],
  ],
};
