// Draws the dashboard's charts in the page with vega-embed, from the Vega-Lite specification the
// server put in <script type="application/json" id="chart-spec"> (data, never run as script).
//
// The page's Content-Security-Policy allows scripts from this service only and no eval, so:
// - vega, vega-lite and vega-embed are loaded as files from the same folder as this module;
// - expressions are evaluated by vega-interpreter (`ast: true`, `expr: expressionInterpreter`),
//   never compiled with `new Function`.
// Without JavaScript, or if anything here fails, the server-rendered SVG image stays in place,
// with the table of the same numbers beneath it.

const here = new URL(".", import.meta.url);
const LIBRARIES = ["vega.min.js", "vega-lite.min.js", "vega-embed.min.js"];

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

async function drawCharts() {
  const figures = document.querySelectorAll("[data-chart-spec]");
  if (figures.length === 0) return;
  let expressionInterpreter;
  try {
    expressionInterpreter = await loadVega();
  } catch (error) {
    console.warn("Charts stay as images:", error.message);
    return;
  }
  for (const figure of figures) {
    const source = document.getElementById(figure.dataset.chartSpec);
    const target = figure.querySelector(".app-chart__interactive");
    if (!source || !target) continue;
    try {
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
      // The drawn chart repeats the image and the table for sighted mouse users; screen readers
      // keep the image's description and the table, so the drawing stays hidden from them.
      figure.classList.add("app-chart--embedded");
    } catch (error) {
      console.warn("Chart left as an image:", error.message);
    }
  }
}

drawCharts();
