// The reader, with JavaScript: toolbar choices apply at once, arrow keys turn chapters.
// Everything here also works without it (plain forms and links).
(function () {
  "use strict";
  var root = document.documentElement;

  function applyPreferences(prefs) {
    root.dataset.skin = prefs.skin;
    root.dataset.width = prefs.width;
    root.dataset.font = prefs.font;
    root.dataset.size = prefs.size;
    root.dataset.spacing = prefs.spacing;
    document.querySelectorAll("[data-reader-controls] button[aria-pressed]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(prefs[button.name] === button.value));
    });
    document.querySelectorAll("[data-reader-controls] button[name=size], [data-reader-controls] button[name=spacing]").forEach(function (button) {
      var atEdge = (button.name === "size" && ((button.value === "smaller" && prefs.size <= 8) || (button.value === "larger" && prefs.size >= 20))) ||
        (button.name === "spacing" && ((button.value === "tighter" && prefs.spacing <= 125) || (button.value === "looser" && prefs.spacing >= 200)));
      if (atEdge) { button.setAttribute("aria-disabled", "true"); } else { button.removeAttribute("aria-disabled"); }
    });
  }

  // The toolbar is a GET form (no token, so a cached page suits every guest); with JavaScript
  // the same request answers in JSON and the choice applies at once.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("[data-reader-controls]") || !event.submitter || !window.fetch) { return; }
    event.preventDefault();
    var query = new URLSearchParams(new FormData(form));
    query.append(event.submitter.name, event.submitter.value);
    var url = form.action + "?" + query.toString();
    fetch(url, {
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(applyPreferences).catch(function () {
      window.location.href = url;  // fall back to the plain request
    });
  });

  // Destructive forms ask first (data-confirm); without JavaScript the button is the confirmation.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey || event.defaultPrevented) { return; }
    var target = event.target;
    if (target.closest && target.closest("input, textarea, select, [contenteditable]")) { return; }
    var rel = event.key === "ArrowLeft" ? "prev" : event.key === "ArrowRight" ? "next" : null;
    if (!rel) { return; }
    var link = document.querySelector("a[rel=" + rel + "]");
    if (link) { window.location.href = link.href; }
  });
})();

// Guest kudos. Guests share one cached reading page, which holds neither a CSRF token nor
// whether this visitor left kudos: both come from a small request after load, which turns the
// link (to a confirmation page, without JavaScript) into the kudos form.
(function () {
  "use strict";
  var holder = document.querySelector("[data-kudos]");
  if (!holder || !window.fetch) { return; }
  var link = holder.querySelector("a");
  var action = link.pathname;
  var status = document.querySelector("[data-kudos-status]");
  var names = document.querySelector("[data-kudos-names]");

  function given(focus) {
    var note = document.createElement("p");
    note.className = "kudos__given";
    note.tabIndex = -1;
    note.textContent = "You left kudos \u2665";
    holder.replaceChildren(note);
    if (focus) { note.focus(); }
  }

  function kudosForm(token) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = action;
    form.className = "inline-form";
    [["csrfmiddlewaretoken", token], ["next", window.location.pathname + window.location.search]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = pair[0];
      input.value = pair[1];
      form.appendChild(input);
    });
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "button button--primary";
    button.textContent = link.textContent;
    form.appendChild(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(action, {
        method: "POST",
        body: new FormData(form),
        headers: { "Accept": "application/json" },
        credentials: "same-origin"
      }).then(function (response) { return response.json(); }).then(function (result) {
        status.textContent = result.message;
        if (result.names_html) { names.innerHTML = result.names_html; }
        if (result.left) { given(document.activeElement === button); }
      }).catch(function () { form.submit(); });
    });
    holder.replaceChildren(form);
  }

  fetch(action, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(function (state) {
      if (state.left) { given(false); } else { kudosForm(state.csrf_token); }
    })
    .catch(function () {});  // the link still leads to the confirmation page
})();

// Tag fields: suggest existing tags for the name being typed (after the last comma),
// through a native <datalist>, so the keyboard and screen readers work as usual.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-autocomplete]");
  inputs.forEach(function (input, index) {
    var list = document.createElement("datalist");
    list.id = "tag-suggestions-" + index;
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var parts = input.value.split(",");
        var typed = parts.pop().trim();
        var before = parts.map(function (p) { return p.trim(); }).filter(Boolean);
        if (typed.length < 2) { list.innerHTML = ""; return; }
        var url = "/tags/autocomplete/?kind=" + encodeURIComponent(input.dataset.autocomplete) +
          "&q=" + encodeURIComponent(typed);
        fetch(url, { headers: { "Accept": "application/json" } })
          .then(function (response) { return response.json(); })
          .then(function (data) {
            list.innerHTML = "";
            data.suggestions.forEach(function (name) {
              var option = document.createElement("option");
              option.value = before.concat([name]).join(", ");
              list.appendChild(option);
            });
          });
      }, 150);
    });
  });
})();
