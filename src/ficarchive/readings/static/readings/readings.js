// Where the reader stopped. A member's reading page carries [data-reading-progress] (the
// endpoint and a CSRF token): the paragraph at the top of the window is sent after the page
// loads, while it scrolls (at most every few seconds) and when it is left, so another device
// resumes there. A guest's place stays in this browser (localStorage), and their "Continue"
// links ([data-guest-resume], hidden in the cached page) are filled in from it.
// Without JavaScript a member's page views still reach the history (buffered by the server),
// and "continue at chapter N, paragraph P" is a plain link to the paragraph's anchor.
(function () {
  "use strict";
  var STORE = "ficarchive:places";
  var SEND_EVERY_MS = 5000;

  function places() {
    try { return JSON.parse(window.localStorage.getItem(STORE)) || {}; } catch (e) { return {}; }
  }

  function remember(workId, place) {
    try {
      var all = places();
      all[workId] = place;
      window.localStorage.setItem(STORE, JSON.stringify(all));
    } catch (e) { /* private mode, or full: nothing kept */ }
  }

  function placeUrl(workId, place) {
    return "/works/" + workId + "/chapters/" + place.chapter + "/" + (place.paragraph ? "#p-" + place.paragraph : "");
  }

  function placeLabel(place) {
    return "Continue at chapter " + place.chapter + (place.paragraph ? ", paragraph " + place.paragraph : "");
  }

  document.querySelectorAll("[data-guest-resume]").forEach(function (slot) {
    var workId = slot.getAttribute("data-work-id");
    var place = places()[workId];
    if (!place) { return; }
    var link = slot.querySelector("a");
    link.href = placeUrl(workId, place);
    link.textContent = placeLabel(place);
    slot.hidden = false;
  });

  // A blurb's "Mark for later" is a link (to a page with the form: a blurb sits inside its
  // list's filter form, and forms do not nest); with JavaScript it marks in place.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-later]");
    if (!link || !window.fetch) { return; }
    event.preventDefault();
    var marked = link.getAttribute("data-later");
    var body = new FormData();
    body.append("csrfmiddlewaretoken", link.getAttribute("data-token"));
    body.append("marked", marked);
    fetch(link.pathname, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (result) {
      var title = link.getAttribute("data-title");
      var state = link.parentNode.querySelector("[data-later-state]");
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      link.setAttribute("data-later", result.marked ? "0" : "1");
      if (result.marked) {
        link.textContent = "Unmark";
        hidden.textContent = " " + title + " for later";
      } else {
        link.textContent = "Mark for later";
        hidden.textContent = ": " + title;
      }
      link.appendChild(hidden);
      if (state) { state.textContent = result.marked ? "Marked for later" : "No longer marked"; }
    }).catch(function () { window.location.href = link.href; });
  });

  var article = document.querySelector("article.work[data-work-id]");
  if (!article) { return; }
  var workId = article.getAttribute("data-work-id");
  var progress = document.querySelector("[data-reading-progress]");
  var chapters = Array.prototype.slice.call(article.querySelectorAll("section.chapter[id^='chapter-']"));
  if (!chapters.length) { return; }

  // The first paragraph whose bottom is below the top of the window (numbered from 1 in each
  // chapter's text, as the server numbers its #p-N anchors); 0: the chapter's top.
  function currentPlace() {
    var chosen = chapters[0];
    for (var i = 0; i < chapters.length; i++) {
      if (chapters[i].getBoundingClientRect().top <= 80) { chosen = chapters[i]; }
    }
    var paragraphs = chosen.querySelectorAll("[data-chapter-text] p");
    var paragraph = 0;
    for (var j = 0; j < paragraphs.length; j++) {
      if (paragraphs[j].getBoundingClientRect().bottom > 1) { paragraph = j + 1; break; }
    }
    if (paragraph === 1 && paragraphs[0].getBoundingClientRect().top > 0) { paragraph = 0; }
    return { chapter: Number(chosen.id.replace("chapter-", "")), paragraph: paragraph };
  }

  var lastSent = "";
  var timer = null;

  function send(leaving) {
    timer = null;
    var place = currentPlace();
    var key = place.chapter + ":" + place.paragraph;
    if (key === lastSent) { return; }
    lastSent = key;
    if (!progress) { remember(workId, { chapter: place.chapter, paragraph: place.paragraph, at: Date.now() }); return; }
    var body = new FormData();
    body.append("csrfmiddlewaretoken", progress.getAttribute("data-token"));
    body.append("work", workId);
    body.append("chapter", String(place.chapter));
    body.append("paragraph", String(place.paragraph));
    var url = progress.getAttribute("data-url");
    if (leaving && navigator.sendBeacon) { navigator.sendBeacon(url, body); return; }
    if (window.fetch) {
      fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: true })
        .catch(function () { lastSent = ""; });  // try again at the next scroll
    }
  }

  function soon() {
    if (timer === null) { timer = window.setTimeout(function () { send(false); }, SEND_EVERY_MS); }
  }

  window.addEventListener("scroll", soon, { passive: true });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { send(true); }
  });
  window.addEventListener("pagehide", function () { send(true); });
  // After load, once the browser has scrolled to an anchor (#p-14) if there was one.
  window.setTimeout(function () { send(false); }, 1000);
})();
