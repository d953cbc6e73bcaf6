// Starts GOV.UK Frontend's components. Loaded as a module file: the pages allow no inline script.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A wide table scrolls within its region (core/macros.html, table_region), which the page makes a
// tab stop so that a keyboard can scroll it. Where the table fits, as most do on a wide screen,
// the stop does nothing, so it is taken away, and put back when a narrower window or an opened
// part makes the table wider than its region.
const regions = document.querySelectorAll(".app-table-scroll[tabindex]");
if (regions.length) {
  const fit = () => {
    for (const region of regions) {
      // Either way: a region that scrolls sideways scrolls up and down too (CSS overflow).
      if (region.scrollWidth > region.clientWidth || region.scrollHeight > region.clientHeight) {
        region.setAttribute("tabindex", "0");
      } else if (region !== document.activeElement) {
        region.removeAttribute("tabindex");
      }
    }
  };
  const watcher = new ResizeObserver(fit);
  for (const region of regions) {
    watcher.observe(region);
    for (const table of region.children) {
      watcher.observe(table);
    }
  }
}
