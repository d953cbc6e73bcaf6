// Adds an interactive version of each dashboard chart, drawn with vega-embed from the Vega-Lite
// specification the server put in <script type="application/json" id="chart-spec"> (data, never
// run as script). The server-rendered image stays: it is the chart, with its text alternative and
// the table beside it; the interactive drawing sits in a closed box under it, shown only once
// this script runs, and drawn the first time the box is opened (ADR 0633).
//
// The page's Content-Security-Policy allows scripts from this service only and no eval, so:
// - vega, vega-lite and vega-embed are loaded as files from the same folder as this module;
// - expressions are evaluated by vega-interpreter (`ast: true`, `expr: expressionInterpreter`),
//   never compiled with `new Function`.

const here = new URL(".", import.meta.url);
const LIBRARIES = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];
let loading;

function loadScript(name) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = new URL(name, here).href;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`could not load ${name}`));
    document.head.appendChild(script);
  });
}

async function loadVega() {
  for (const name of LIBRARIES) {
    await loadScript(name);
  }
  const { expressionInterpreter } = await import(new URL("vega-interpreter.js", here).href);
  return expressionInterpreter;
}

function say(target, words) {
  const note = document.createElement("p");
  note.className = "govuk-body-s";
  note.textContent = words;
  target.replaceWith(note);
}

async function draw(box) {
  const source = document.getElementById(box.dataset.chartSpec);
  const target = box.querySelector(".app-chart__interactive");
  if (!source || !target) return;
  try {
    loading = loading || loadVega();
    const expressionInterpreter = await loading;
    const spec = JSON.parse(source.textContent);
    await window.vegaEmbed(target, spec, {
      ast: true,
      expr: expressionInterpreter,
      renderer: "svg",
      actions: false,
      // No <style> elements: the CSP allows style sheets from this service only.
      defaultStyle: false,
      tooltip: false,
    });
    box.classList.add("app-chart--embedded");
  } catch (error) {
    console.warn("Interactive chart not drawn:", error.message);
    say(target, "The interactive chart could not be drawn. The chart above shows the same figures.");
  }
}

for (const box of document.querySelectorAll("details[data-chart-spec]")) {
  box.hidden = false;
  box.addEventListener("toggle", () => {
    if (box.open && !box.dataset.drawn) {
      box.dataset.drawn = "yes";
      draw(box);
    }
  }, { passive: true });
}
