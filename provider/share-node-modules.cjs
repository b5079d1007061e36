// Runs after `npm install` in this folder, which is what Pulumi does when it installs this component package
// from git (`pulumi package add github.com/pantstack/pantstack-infra/provider@vX.Y.Z`): it clones the whole
// repository but installs only this folder's dependencies. The components import the library's source
// (`../lib`), which Node.js resolves from the repository root's node_modules, so that folder is made a link
// to this one: the library and the components then load the same single copy of @pulumi/pulumi.
// In a contributor's checkout the root's node_modules already exists and is left alone.
const { existsSync, symlinkSync } = require("node:fs");
const { join } = require("node:path");

const own = join(__dirname, "node_modules");
const root = join(__dirname, "..", "node_modules");
// A junction needs no privilege on Windows, and is a plain symbolic link elsewhere.
if (!existsSync(root)) symlinkSync(own, root, "junction");
