import { initAll } from "./build/govuk-frontend.min.js";

// What the GOV.UK template's inline script does, here: the content security policy allows
// no inline script. A browser running this module supports govuk-frontend.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
