// Starts GOV.UK Frontend's components. Loaded as a module file: the pages allow no inline script.
import { initAll } from "./govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// A wide table or chart scrolls within its region (core/macros.html, table_region; the
// dashboard's chart), which the page makes a tab stop so that a keyboard can scroll it. Where
// the content fits, as most tables do on a wide screen, the stop does nothing, so it is taken
// away, and put back when a narrower window or an opened part makes the content overflow.
const regions = document.querySelectorAll(".app-table-scroll[tabindex], .app-chart__scroll[tabindex]");
if (regions.length) {
  const fit = () => {
    for (const region of regions) {
      // Either way: a region that scrolls sideways scrolls up and down too (CSS overflow).
      if (region.scrollWidth > region.clientWidth || region.scrollHeight > region.clientHeight) {
        region.setAttribute("tabindex", "0");
      } else if (region !== document.activeElement) {
        region.removeAttribute("tabindex"); // not while focused: the focus would be lost
      }
    }
  };
  const watcher = new ResizeObserver(fit);
  for (const region of regions) {
    watcher.observe(region);
    for (const content of region.children) {
      watcher.observe(content);
    }
    region.addEventListener("focusout", fit); // a region kept while focused is checked again on leaving
  }
}
