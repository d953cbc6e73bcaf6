// On a narrow screen the dashboard's choices sit above the chart they change, in a box that starts
// open (so that without this script they are simply there); closing it here keeps the chart on
// the first screen. On a wide screen the choices sit beside the chart and the box is not shown.
const narrow = window.matchMedia("(max-width: 63.99em)");
if (narrow.matches) {
  for (const box of document.querySelectorAll("details[data-closed-when-narrow]")) {
    box.open = false;
  }
}
