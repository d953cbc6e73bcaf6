// Builds the front-end into build/static/: compiled CSS, GOV.UK Frontend's JavaScript and
// images, htmx, and our own module. Nothing is fetched from the internet at run time.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "build", "static");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, "images"), { recursive: true });

const css = sass.compile(join(root, "assets", "scss", "app.scss"), {
  loadPaths: [root],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin", "color-functions", "slash-div"],
});
writeFileSync(join(out, "app.css"), css.css);

cpSync(join(root, "assets", "images"), join(out, "images"), { recursive: true });
for (const script of ["app.js", "return-form.js", "charts.js", "dashboard.js"]) {
  copyFileSync(join(root, "assets", "js", script), join(out, script));
}

// Vega for the dashboard's charts. Source-map comments are dropped: the maps are not shipped,
// and production's manifest storage refuses references to files that do not exist.
const withoutSourceMaps = (text) => text.replace(/\/\/# sourceMappingURL=\S+\s*$/gm, "");
const modules = join(root, "node_modules");
for (const [from, to] of [
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["vega/build/vega.min.js", "vega.min.js"],
  ["vega-lite/build/vega-lite.min.js", "vega-lite.min.js"],
  ["vega-embed/build/vega-embed.min.js", "vega-embed.min.js"],
]) {
  writeFileSync(join(out, to), withoutSourceMaps(readFileSync(join(modules, from), "utf8")));
}
// The CSP-safe expression interpreter is an ES module importing vega-util; in the page vega-util
// is already loaded as part of the global `vega`, so the import is pointed there.
const interpreter = readFileSync(join(modules, "vega-interpreter", "build", "vega-interpreter.js"), "utf8");
const importLine = "import { ascending, isString, DisallowedObjectProperties } from 'vega-util';";
if (!interpreter.includes(importLine)) {
  throw new Error("vega-interpreter changed its imports: update scripts/build-assets.mjs");
}
writeFileSync(
  join(out, "vega-interpreter.js"),
  withoutSourceMaps(
    interpreter.replace(importLine, "const { ascending, isString, DisallowedObjectProperties } = globalThis.vega;"),
  ),
);
copyFileSync(join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"), join(out, "htmx.min.js"));

console.log(`Assets built in ${out}`);
