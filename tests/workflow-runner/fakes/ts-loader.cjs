// Preloaded (`node --require`) by the npm fake in place of `tsx <file.ts>`, the form of every tool script in
// package.json: it compiles the project's `.ts` files with the esbuild that tsx itself uses, and the options
// tsx gives it for a CommonJS file (node target, cjs format, keepNames, the tsconfig's compiler options), and
// leaves everything else to Node.js. What it skips is tsx's other work: tsx lexes every `.js` file a process
// loads for ESM syntax, TypeScript's 9 MB file included (which @pulumi/pulumi loads for closure
// serialization), and starts a second process to run the file in; Node 24 loads ES modules from `require`
// itself. A tool start under tsx spends about 0.9 s of CPU where this takes 0.3 s, and a scenario starts
// dozens. The real tsx path is what tests/delivery/**/*entry*.int.test.ts run; `SCENARIO_TSX=1` makes the
// npm fake run tsx in the scenarios too.
const fs = require("node:fs");
const path = require("node:path");

const tsxDir = path.dirname(require.resolve("tsx/package.json", { paths: [process.cwd()] }));
const esbuild = require(require.resolve("esbuild", { paths: [tsxDir] }));

/** The nearest tsconfig.json's compilerOptions (plain JSON here), as tsx passes them to esbuild. */
function compilerOptions(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, "tsconfig.json");
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")).compilerOptions ?? {};
    if (path.dirname(d) === d) return {};
  }
}

const options = {
  loader: "ts",
  format: "cjs",
  platform: "node",
  target: `node${process.versions.node}`,
  keepNames: true,
  // `await import("pkg")` becomes a `require` of it, as tsc compiles it for CommonJS: Node's own `import()`
  // resolves ES module rules (no folder imports such as `@pulumi/pulumi/automation`), which tsx's resolver
  // relaxes.
  supported: { "dynamic-import": false },
  tsconfigRaw: { compilerOptions: compilerOptions(process.cwd()) },
};

require.extensions[".ts"] = (module, filename) => {
  const { code } = esbuild.transformSync(fs.readFileSync(filename, "utf8"), {
    ...options,
    sourcefile: filename,
  });
  module._compile(code, filename);
};
