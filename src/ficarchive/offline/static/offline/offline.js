// Reading offline: registers the service worker, saves works (or a series) on this device,
// lists and removes them on the saved-works page, refreshes copies whose work changed, and
// applies the reader's settings to a saved copy opened offline.
//
// Saved copies live in Cache Storage, one cache per account ("ficarchive-saved-<account>",
// the account named by the page): a copy is stored only if the page fetched for it says it
// was drawn for the same account, and when another account (or a guest) is seen on this
// device every other account's copies are deleted. Without JavaScript nothing here shows.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !("serviceWorker" in navigator) || !window.caches || !window.fetch) { return; }

  var SAVED_PREFIX = "ficarchive-saved-";
  var STATIC_CACHE = "ficarchive-static";
  var STATE_CACHE = "ficarchive-state";
  var ACCOUNT_KEY = "/__offline/account";
  var META_PREFIX = "/__offline/works/";
  var PREFS_KEY = "ficarchive-reader";
  var REFRESHED_KEY = "ficarchive-offline-refreshed";
  var REFRESH_EVERY = 15 * 60 * 1000;
  var root = document.documentElement;
  var account = script.dataset.offlineAccount;
  var savedUrl = script.dataset.offlineSaved;
  var statusUrl = script.dataset.offlineStatus;
  var isCopy = root.dataset.offlineCopy === "true";

  navigator.serviceWorker.register(script.dataset.offlineWorker, { scope: "/" }).catch(function () {});

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  // The account this device last saw; when it changes, the others' copies go.
  var ready = caches.open(STATE_CACHE).then(function (state) {
    return state.match(ACCOUNT_KEY).then(function (found) {
      return found ? found.text() : null;
    }).then(function (previous) {
      if (previous === account) { return null; }
      return caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf(SAVED_PREFIX) === 0 && name !== SAVED_PREFIX + account;
        }).map(function (name) { return caches.delete(name); }));
      }).then(function () {
        return state.put(ACCOUNT_KEY, new Response(account));
      });
    });
  });

  function savedCache() { return caches.open(SAVED_PREFIX + account); }
  function workUrl(id) { return "/works/" + id + "/?view_full_work=true"; }

  function withoutLength(headers) {
    var copy = new Headers(headers);
    copy.delete("Content-Length");
    copy.delete("Content-Encoding");
    return copy;
  }

  // A page fetched for saving must have been drawn for this very account.
  function drawnFor(html) {
    var found = html.match(/data-offline-account="([^"]*)"/);
    return found !== null && found[1] === account;
  }

  function fetchPage(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        var control = response.headers.get("Cache-Control") || "";
        if (!response.ok || /no-store/.test(control)) { throw new Error("not saveable"); }
        return response.text().then(function (html) {
          if (!drawnFor(html)) { throw new Error("another account"); }
          return { html: html, headers: withoutLength(response.headers) };
        });
      });
  }

  function versionsOf(ids) {
    return fetch(statusUrl + "?works=" + ids.join(","), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    }).then(function (data) { return data.works; });
  }

  // The style sheets, scripts and icons a saved page needs (public files: one shared cache).
  function saveAssets(doc) {
    var urls = [];
    doc.querySelectorAll("link[rel~=stylesheet][href], link[rel~=icon][href], script[src]").forEach(function (element) {
      var url = new URL(element.getAttribute("href") || element.getAttribute("src"), window.location.href);
      if (url.origin === window.location.origin && urls.indexOf(url.href) < 0) { urls.push(url.href); }
    });
    return caches.open(STATIC_CACHE).then(function (cache) { return cache.addAll(urls); });
  }

  function saveShell(cache) {
    return fetchPage(savedUrl).then(function (page) {
      return cache.put(savedUrl, new Response(page.html, { headers: page.headers }));
    }).catch(function () {});  // the list still opens online
  }

  function saveWork(id, version) {
    var url = workUrl(id);
    return fetchPage(url).then(function (page) {
      var doc = new DOMParser().parseFromString(page.html, "text/html");
      var authors = Array.prototype.map.call(doc.querySelectorAll("a[rel=author]"), function (a) {
        return a.textContent.trim();
      });
      var meta = {
        id: String(id),
        title: doc.title.replace(/ · Ficarchive$/, ""),
        authors: authors.filter(function (name, index) { return authors.indexOf(name) === index; }),
        url: url,
        version: version,
        saved: new Date().toISOString()
      };
      return savedCache().then(function (cache) {
        return Promise.all([
          cache.put(url, new Response(page.html, { headers: page.headers })),
          cache.put(META_PREFIX + id, new Response(JSON.stringify(meta), {
            headers: { "Content-Type": "application/json" }
          })),
          saveAssets(doc),
          saveShell(cache)
        ]);
      }).then(function () { return meta; });
    });
  }

  // Saves these works; each one's version is read first, so a change made meanwhile leaves
  // the copy stale (refreshed next time) rather than marked current.
  function saveWorks(ids) {
    return ready.then(function () { return versionsOf(ids); }).then(function (versions) {
      var shown = ids.filter(function (id) { return versions[id]; });
      return Promise.all(shown.map(function (id) { return saveWork(id, versions[id]); }));
    });
  }

  function listSaved() {
    return ready.then(function () {
      return caches.has(SAVED_PREFIX + account);  // looking creates no cache
    }).then(function (has) {
      return has ? savedCache() : null;
    }).then(function (cache) {
      if (!cache) { return []; }
      return cache.keys().then(function (requests) {
        var metas = requests.filter(function (request) {
          return new URL(request.url).pathname.indexOf(META_PREFIX) === 0;
        });
        return Promise.all(metas.map(function (request) {
          return cache.match(request).then(function (response) { return response.json(); });
        }));
      });
    }).then(function (items) {
      return items.sort(function (a, b) { return a.title.localeCompare(b.title); });
    });
  }

  function removeWork(id) {
    return ready.then(savedCache).then(function (cache) {
      return Promise.all([cache.delete(workUrl(id)), cache.delete(META_PREFIX + id)]);
    });
  }

  // Online, the copies catch up: changed works are saved again, works this reader may no
  // longer see (deleted, hidden, unpublished) are removed.
  function refresh() {
    if (isCopy || !navigator.onLine) { return Promise.resolve(false); }
    return listSaved().then(function (items) {
      if (!items.length) { return false; }
      return versionsOf(items.map(function (item) { return item.id; })).then(function (versions) {
        return Promise.all(items.map(function (item) {
          if (!versions[item.id]) { return removeWork(item.id); }
          if (versions[item.id] !== item.version) { return saveWork(item.id, versions[item.id]); }
          return null;
        }));
      }).then(function () {
        var store = storage();
        if (store) { store.setItem(REFRESHED_KEY, String(Date.now())); }
        return true;
      });
    }).catch(function () { return false; });
  }

  // The reader's settings: kept on the device as they change, applied to a saved copy.
  var SETTINGS = ["skin", "width", "font", "size", "spacing"];
  var SIZES = { min: 8, max: 20 };
  var SPACINGS = [125, 150, 175, 200];
  var DEFAULTS = { skin: "auto", width: "full", font: "serif", size: "10", spacing: "150" };

  function currentSettings() {
    var prefs = {};
    SETTINGS.forEach(function (name) { prefs[name] = root.dataset[name]; });
    return prefs;
  }

  function keepSettings() {
    var store = storage();
    if (store) { store.setItem(PREFS_KEY, JSON.stringify(currentSettings())); }
  }

  function applySettings(prefs) {
    SETTINGS.forEach(function (name) {
      if (prefs[name]) { root.dataset[name] = prefs[name]; }
    });
    document.querySelectorAll("[data-reader-controls] button[aria-pressed]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(root.dataset[button.name] === button.value));
    });
  }

  function changedSettings(prefs, name, value) {
    var next = Object.assign({}, prefs);
    if (name === "reset") { return Object.assign({}, DEFAULTS); }
    if (name === "size") {
      var size = Number(prefs.size) + (value === "larger" ? 1 : value === "smaller" ? -1 : 0);
      next.size = String(Math.min(Math.max(size, SIZES.min), SIZES.max));
    } else if (name === "spacing") {
      var index = SPACINGS.indexOf(Number(prefs.spacing)) + (value === "looser" ? 1 : -1);
      next.spacing = String(SPACINGS[Math.min(Math.max(index, 0), SPACINGS.length - 1)]);
    } else if (SETTINGS.indexOf(name) >= 0) {
      next[name] = value;
    }
    return next;
  }

  if (isCopy) {
    var stored = null;
    try { stored = JSON.parse((storage() || { getItem: function () { return null; } }).getItem(PREFS_KEY)); } catch (error) { stored = null; }
    if (stored) { applySettings(stored); }
    // Offline the toolbar cannot reach the server: its choices apply here, and are kept.
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("[data-reader-controls]") || !event.submitter) { return; }
      event.preventDefault();
      event.stopImmediatePropagation();
      applySettings(changedSettings(currentSettings(), event.submitter.name, event.submitter.value));
      keepSettings();
    }, true);
  } else {
    keepSettings();
    new MutationObserver(keepSettings).observe(root, {
      attributes: true, attributeFilter: SETTINGS.map(function (name) { return "data-" + name; })
    });
  }

  // "Save for offline" on a reading page or a series.
  document.querySelectorAll("[data-offline-save]").forEach(function (holder) {
    var button = holder.querySelector("[data-offline-save-button]");
    var status = holder.querySelector("[data-offline-save-status]");
    var ids = holder.dataset.offlineWorks.split(" ").filter(Boolean);
    if (isCopy || !ids.length) { return; }
    holder.hidden = false;

    function showSaved(message) {
      status.textContent = "";
      status.append(message + " ");
      var link = document.createElement("a");
      link.href = savedUrl;
      link.textContent = "Saved works";
      status.append(link);
    }

    listSaved().then(function (items) {
      var saved = items.map(function (item) { return item.id; });
      if (ids.every(function (id) { return saved.indexOf(id) >= 0; })) {
        button.textContent = "Save again";
        showSaved("Saved on this device.");
      }
    }).catch(function () {});

    button.addEventListener("click", function () {
      button.disabled = true;
      status.textContent = "Saving…";
      saveWorks(ids).then(function (metas) {
        button.textContent = "Save again";
        showSaved(metas.length > 1 ? metas.length + " works saved for offline reading." : "Saved for offline reading.");
      }).catch(function () {
        status.textContent = "Could not save it: are you online?";
      }).then(function () { button.disabled = false; });
    });
  });

  // The saved-works page: its list is this device's.
  var page = document.querySelector("[data-offline-saved-page]");
  if (page) {
    var list = page.querySelector("[data-offline-list]");
    var empty = page.querySelector("[data-offline-empty]");
    var listStatus = page.querySelector("[data-offline-list-status]");
    page.querySelector("[data-offline-needs-js]").hidden = true;

    var render = function (items) {
      list.replaceChildren();
      items.forEach(function (item) {
        var entry = document.createElement("li");
        entry.className = "offline-saved__item";
        var link = document.createElement("a");
        link.className = "offline-saved__title";
        link.href = item.url;
        link.textContent = item.title;
        var byline = document.createElement("span");
        byline.className = "offline-saved__byline";
        byline.textContent = item.authors.length ? "by " + item.authors.join(", ") : "";
        var when = document.createElement("span");
        when.className = "offline-saved__when";
        when.textContent = "Saved " + new Date(item.saved).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button";
        remove.textContent = "Remove";
        remove.setAttribute("aria-label", "Remove " + item.title + " from this device");
        remove.addEventListener("click", function () {
          removeWork(item.id).then(listSaved).then(function (rest) {
            render(rest);
            listStatus.textContent = "Removed “" + item.title + "” from this device.";
            listStatus.tabIndex = -1;
            listStatus.focus();
          });
        });
        entry.append(link, " ", byline, " ", when, " ", remove);
        list.append(entry);
      });
      list.hidden = !items.length;
      empty.hidden = items.length > 0;
    };

    listSaved().then(render).then(function () {
      return refresh();
    }).then(function (refreshed) {
      if (refreshed) { return listSaved().then(render); }
      return null;
    }).catch(function () {});
  } else if (!isCopy) {
    var store = storage();
    var last = store ? Number(store.getItem(REFRESHED_KEY) || 0) : 0;
    if (Date.now() - last > REFRESH_EVERY) { ready.then(refresh); }
  }
})();
