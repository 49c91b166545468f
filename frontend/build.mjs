// Copies GOV.UK Frontend's precompiled CSS, JS and assets into static_build/govuk/,
// where Django's staticfiles (and WhiteNoise) serve them. The CSS refers to its fonts
// and images as /assets/...; they are rewritten relative so they work under STATIC_URL.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "static_build", "govuk");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
cpSync(join(dist, "assets"), join(out, "assets"), { recursive: true });
cpSync(join(dist, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));

const css = readFileSync(join(dist, "govuk-frontend.min.css"), "utf8")
  .replace(/\/\*# sourceMappingURL=.*?\*\//g, "")
  .replaceAll("url(/assets/", "url(assets/");
writeFileSync(join(out, "govuk-frontend.min.css"), css);
const js = readFileSync(join(out, "govuk-frontend.min.js"), "utf8");
writeFileSync(
  join(out, "govuk-frontend.min.js"),
  js.replace(/\/\/# sourceMappingURL=.*$/m, ""),
);
console.log(`GOV.UK Frontend assets written to ${out}`);

// GOV.UK's accessible-autocomplete (the search boxes' suggestions, search/static/search/
// suggest.js): its built script and styles, without their source map comments.
const autocomplete = join(root, "node_modules", "accessible-autocomplete", "dist");
const autocompleteOut = join(root, "static_build", "accessible-autocomplete");
rmSync(autocompleteOut, { recursive: true, force: true });
mkdirSync(autocompleteOut, { recursive: true });
for (const name of ["accessible-autocomplete.min.js", "accessible-autocomplete.min.css"]) {
  const text = readFileSync(join(autocomplete, name), "utf8")
    .replace(/\/\*# sourceMappingURL=.*?\*\//g, "")
    .replace(/\/\/# sourceMappingURL=.*$/m, "");
  writeFileSync(join(autocompleteOut, name), text);
}
console.log(`accessible-autocomplete written to ${autocompleteOut}`);
