import { initAll } from "./build/govuk-frontend.min.js";

// What the GOV.UK template's inline script does, here: the content security policy allows
// no inline script. A browser running this module supports govuk-frontend.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A button that copies an address shown on the page (hidden where script cannot run).
for (const button of document.querySelectorAll("[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const text = document.getElementById(button.dataset.copy).textContent;
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  });
}
