// semantic-release (`npx semantic-release`, run by the deploy workflows with GITHUB_TOKEN):
// - `main` releases x.y.z; `dev` releases prereleases x.y.z-dev.N on the `dev` channel.
// - The version comes from the conventional commits since the last release, overridden by the
//   `release:major|minor|patch|skip` labels of the PRs they came from (release/label-plugin.ts).
// - CHANGELOG.md is written and committed back, and `main` releases become GitHub releases.
// No npm publish: the version is for images and stacks, not a package on the registry.
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
    ["@semantic-release/changelog", { changelogFile: "CHANGELOG.md" }],
    [
      "@semantic-release/git",
      {
        assets: ["CHANGELOG.md"],
        // No `[skip ci]`: GitHub would skip the pull request checks of a branch whose head is this commit
        // (dev -> main after every prerelease); a push with GITHUB_TOKEN starts no workflow anyway.
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a lodash template semantic-release fills in
        message: "chore(release): ${nextRelease.version}\n\n${nextRelease.notes}",
      },
    ],
    // A GitHub release per version (dev's marked prerelease); no comments on every PR and issue it contains.
    ["@semantic-release/github", { successComment: false, failComment: false }],
  ],
};
