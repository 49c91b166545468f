// Bulletin's only script, loaded as a module at the end of <body>. The strict CSP allows
// no inline scripts, so the classes GOV.UK Frontend's page template sets inline are set here.
import { initAll } from "../govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
