// A long list of checkboxes (the finder's states) narrowed by typing: each box whose label does not
// hold the words typed is hidden, ticked boxes always stay. Only visibility changes; the form and
// its values are the same with or without this script.
for (const box of document.querySelectorAll("[data-choice-filter]")) {
  const options = document.getElementById(box.dataset.choiceFilter);
  const words = box.querySelector("input");
  if (!options || !words) {
    continue;
  }
  box.hidden = false;
  words.addEventListener("input", () => {
    const wanted = words.value.trim().toLowerCase();
    for (const label of options.querySelectorAll("label")) {
      const ticked = label.querySelector("input").checked;
      label.hidden = !ticked && wanted !== "" && !label.textContent.toLowerCase().includes(wanted);
    }
  });
  // Enter in the box would submit the whole form: it only narrows the list.
  words.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
    }
  });
}
