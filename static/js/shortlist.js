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

  function swapButton(form, button, inShortlist) {
    var template = document.getElementById(inShortlist ? "shortlist-button-remove" : "shortlist-button-add");
    if (!template) return button;
    var fresh = template.content.firstElementChild.cloneNode(true);
    var name = fresh.querySelector("[data-school-name]");
    if (name) name.replaceWith(document.createTextNode(form.getAttribute("data-school-name") || ""));
    var hadFocus = document.activeElement === button;
    button.replaceWith(fresh);
    if (hadFocus) fresh.focus({ preventScroll: true });
    return fresh;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-shortlist-form]") || !window.fetch) return;
    var button = event.submitter || form.querySelector("button[name=action]");
    event.preventDefault();
    var body = new FormData(form);
    body.set("action", button.value);
    button.disabled = true;
    // getAttribute: form.action would be the button named "action", not the address.
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
          swapButton(form, button, button.value === "add");
          updateTray(data);
        } else {
          window.alert(data.message);
        }
      })
      .catch(function () {
        // Let the form do what it does without JavaScript.
        button.disabled = false;
        var action = document.createElement("input");
        action.type = "hidden";
        action.name = "action";
        action.value = button.value;
        form.appendChild(action);
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
