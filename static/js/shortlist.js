// Progressive enhancement: "+ Compare" / "Remove" update the shortlist in place.
// Without JavaScript the same forms post and redirect back; this only saves the page reload.
(function () {
  "use strict";
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  document.body.appendChild(live);

  function updateTray(data) {
    var tray = document.getElementById("shortlist-tray");
    if (!tray) return;
    var count = tray.querySelector("[data-tray-count]");
    if (count) count.textContent = String(data.count);
    var link = tray.querySelector("[data-tray-compare]");
    if (data.count && data.compare_url) {
      if (!link) {
        link = document.createElement("a");
        link.className = "button tray-compare";
        link.setAttribute("data-tray-compare", "");
        var summary = tray.querySelector(".tray-summary");
        summary.insertAdjacentElement("afterend", link);
      }
      link.href = data.compare_url;
      link.textContent = "Compare " + data.count + " school" + (data.count === 1 ? "" : "s");
    } else if (link) {
      link.remove();
    }
    var details = tray.querySelector(".tray-details");
    if (details) details.hidden = true; // names are stale until the next page load
    var empty = tray.querySelector(".tray-empty");
    if (empty) empty.hidden = data.count > 0;
  }

  function setButton(button, inShortlist) {
    var name = button.querySelector(".visually-hidden");
    var schoolName = button.closest("form").getAttribute("data-school-name") || "";
    button.value = inShortlist ? "remove" : "add";
    button.setAttribute("data-in-shortlist", inShortlist ? "1" : "0");
    button.className = inShortlist ? "button-secondary button-small" : "button-small";
    button.innerHTML = "";
    var icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = inShortlist ? "✓" : "+";
    button.appendChild(icon);
    button.appendChild(document.createTextNode(inShortlist ? " Remove" : " Compare"));
    if (name) {
      name.textContent = inShortlist ? " " + schoolName + " from your shortlist" : " " + schoolName + ": add to your shortlist";
      button.appendChild(name);
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-shortlist-form]") || !window.fetch) return;
    var button = event.submitter || form.querySelector("button[name=action]");
    event.preventDefault();
    var body = new FormData(form);
    body.set("action", button.value);
    button.disabled = true;
    fetch(form.action, {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        live.textContent = data.message;
        if (data.ok) {
          setButton(button, button.value === "add");
          updateTray(data);
        } else {
          window.alert(data.message);
        }
      })
      .catch(function () {
        var action = document.createElement("input");
        action.type = "hidden";
        action.name = "action";
        action.value = button.value;
        form.appendChild(action);
        form.submit();
      })
      .finally(function () { button.disabled = false; });
  });
})();
