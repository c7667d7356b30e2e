// Progressive enhancement: "+ Compare" / "Remove" update the shortlist in place, and the share box
// gets "Copy link" (and the phone's share sheet). Without JavaScript the same forms post and
// redirect back. The buttons' markup comes from the page's <template> elements, never from here.
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
    if (link) {
      link.hidden = !data.count;
      if (data.compare_url) link.href = data.compare_url;
      link.textContent = "Compare " + data.count + " school" + (data.count === 1 ? "" : "s");
    }
    var details = tray.querySelector("[data-tray-details]");
    if (details) details.hidden = true; // names are stale until the next page load
    var empty = tray.querySelector(".tray-empty");
    if (empty) empty.hidden = data.count > 0;
  }

  // The button for the other action, from the page's <template>: same school (its value and name),
  // same form (the finder's buttons point at the page's one form by its id).
  function swapButton(button, inShortlist) {
    var template = document.getElementById(inShortlist ? "shortlist-button-remove" : "shortlist-button-add");
    if (!template) return button;
    var fresh = template.content.firstElementChild.cloneNode(true);
    fresh.value = button.value;
    if (button.hasAttribute("form")) fresh.setAttribute("form", button.getAttribute("form"));
    var oldName = button.querySelector("[data-school-name]");
    var name = fresh.querySelector("[data-school-name]");
    if (name && oldName) name.textContent = oldName.textContent;
    var hadFocus = document.activeElement === button;
    button.replaceWith(fresh);
    if (hadFocus) fresh.focus({ preventScroll: true });
    return fresh;
  }

  // A shortlist button is named after its action ("add", "remove") and carries its school.
  function isShortlistButton(button) {
    return !!button && (button.name === "add" || button.name === "remove");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-shortlist-form]") || !window.fetch) return;
    var button = event.submitter || form.querySelector("button");
    if (!isShortlistButton(button)) return;
    event.preventDefault();
    var body = new FormData(form);
    body.set(button.name, button.value);
    button.disabled = true;
    // getAttribute: form.action could be a control named "action", not the address.
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: body,
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok && response.status !== 404) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        live.textContent = data.message;
        button.disabled = false;
        if (data.ok) {
          swapButton(button, button.name === "add");
          updateTray(data);
        } else {
          window.alert(data.message);
        }
      })
      .catch(function () {
        // Let the form do what it does without JavaScript: submit() sends no button, so its
        // name and value go in a field of their own.
        button.disabled = false;
        var choice = document.createElement("input");
        choice.type = "hidden";
        choice.name = button.name;
        choice.value = button.value;
        form.appendChild(choice);
        form.submit();
      });
  });

  // The shared comparison's link: copy it, or hand it to the phone's share sheet.
  function setStatus(text) {
    var status = document.querySelector("[data-share-status]");
    if (status) status.textContent = text;
  }
  document.querySelectorAll("[data-copy-link]").forEach(function (copy) {
    var field = document.getElementById(copy.getAttribute("data-copy-link"));
    if (!field) return;
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var done = function () { setStatus("Link copied."); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, function () {
          field.select();
          setStatus("Select the link and copy it.");
        });
      } else {
        field.select();
        document.execCommand("copy") ? done() : setStatus("Select the link and copy it.");
      }
    });
  });
  document.querySelectorAll("[data-share-link]").forEach(function (share) {
    var field = document.getElementById(share.getAttribute("data-share-link"));
    if (!field || !navigator.share) return;
    share.hidden = false;
    share.addEventListener("click", function () {
      navigator.share({ title: share.getAttribute("data-share-title") || document.title, url: field.value })
        .catch(function () { /* closing the share sheet is not an error to report */ });
    });
  });
})();
