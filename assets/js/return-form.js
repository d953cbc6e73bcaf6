// Shows, under each breakdown in the return form, what its boxes add up to and whether that
// matches the total it must equal. A help while typing: the server checks again on save.
const parse = (input) => {
  const text = input.value.replace(/,/g, "").trim();
  return /^\d+$/.test(text) ? Number(text) : null;
};

for (const fieldset of document.querySelectorAll(".app-breakdown")) {
  const inputs = [...fieldset.querySelectorAll("input.app-count")];
  const line = fieldset.querySelector(".app-breakdown__total");
  const sum = fieldset.querySelector(".app-breakdown__sum");
  const totalInput = fieldset.dataset.sumsTo
    ? document.querySelector(`[data-total-for="${fieldset.dataset.sumsTo}"]`)
    : null;
  const update = () => {
    const values = inputs.map(parse).filter((value) => value !== null);
    const added = values.reduce((a, b) => a + b, 0);
    sum.textContent = added.toLocaleString("en-GB");
    line.hidden = values.length === 0;
    const total = totalInput ? parse(totalInput) : null;
    line.classList.toggle("app-breakdown__total--mismatch", total !== null && total !== added);
    line.dataset.matches = total === null ? "" : String(total === added);
  };
  for (const input of [...inputs, ...(totalInput ? [totalInput] : [])]) {
    input.addEventListener("input", update);
  }
  update();
}
