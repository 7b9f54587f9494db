// Start the NHS.UK design system's components (header menu, buttons, error summary focus…).
import { initAll } from "../nhsuk/nhsuk-frontend.min.js";
import "./session_warning.js";

document.body.classList.add("js-enabled", "nhsuk-frontend-supported");
initAll();
