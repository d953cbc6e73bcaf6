// Builds the front-end into build/static/: compiled CSS, GOV.UK Frontend's JavaScript and
// images, htmx, and our own module. Nothing is fetched from the internet at run time.
import { cpSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
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

copyFileSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(root, "assets", "images"), join(out, "images"), { recursive: true });
for (const script of ["app.js", "return-form.js"]) {
  copyFileSync(join(root, "assets", "js", script), join(out, script));
}
copyFileSync(join(root, "node_modules", "htmx.org", "dist", "htmx.min.js"), join(out, "htmx.min.js"));

console.log(`Assets built in ${out}`);
