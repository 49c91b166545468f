// Bulletin's script, loaded as a module at the end of <body>. The strict CSP allows no
// inline scripts, so the classes GOV.UK Frontend's page template sets inline are set here.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// Suggestions in the search boxes: loaded only on pages that have one.
if (document.querySelector("input[data-bulletin-suggest]")) {
  import("../search/suggest.js").then(({ enhanceSearchBoxes }) => enhanceSearchBoxes());
}
