// The shipment form, with JavaScript: under each HS code, the measures it falls under,
// looked up as you type (GET /ui/regime/hs). Without JavaScript the same hints appear
// after "Check shipment" or "Add a good". A static file: the CSP allows no inline script.
"use strict";
(function () {
  const form = document.querySelector("form.shipment");
  if (!form) return;
  const what = () => ({
    date: (form.elements.namedItem("date") || {}).value || "",
    direction: (form.elements.namedItem("direction") || {}).value || "to_dprk",
    what_if: form.querySelector("input[name=what_if]") ? "1" : "",
  });
  const timers = new WeakMap();
  async function lookup(input) {
    const hint = form.querySelector(`.hint[data-for="${input.name}"]`);
    if (!hint) return;
    const code = input.value.trim();
    if (!code) { hint.textContent = ""; return; }
    const row = input.name.replace(/-hs_code$/, "");
    const description = (form.elements.namedItem(row + "-description") || {}).value || "";
    const params = new URLSearchParams({ code, description, ...what() });
    try {
      const response = await fetch("/ui/regime/hs?" + params, { credentials: "same-origin" });
      const body = await response.json();
      if (input.value.trim() !== code) return; // typed on meanwhile
      hint.textContent = body.error ? body.error
        : body.measures.length ? body.measures.map((m) => `${m.citation} (${m.effect})`).join("; ")
        : "no measure found for this code";
      hint.classList.toggle("bad", Boolean(body.error) ||
        body.measures.some((m) => m.effect === "prohibited"));
    } catch (err) {
      hint.textContent = "";
    }
  }
  form.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains("hs")) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(() => lookup(input), 250));
  });
})();
