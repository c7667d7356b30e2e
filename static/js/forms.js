// A form marked data-send-chosen sends only the fields the visitor filled or chose: empty values
// (the usual order, the usual page size, an empty box) stay out of the address, so that a shared
// link says what was asked and nothing else. Without this script the same form still works: the
// pages read an empty value as not given.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-send-chosen") || form.method !== "get") {
    return;
  }
  const chosen = new URLSearchParams();
  for (const [name, value] of new FormData(form, event.submitter)) {
    if (typeof value === "string" && value.trim() !== "") {
      chosen.append(name, value);
    }
  }
  event.preventDefault();
  const query = chosen.toString();
  window.location.assign(form.action + (query ? `?${query}` : ""));
});
