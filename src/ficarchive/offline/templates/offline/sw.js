// Ficarchive's service worker: reading pages and static files from the network first, and
// from the works this device saved when the network (or the server) is gone.
//
// Rules: only GET is ever answered from a cache, never a POST; nothing is stored here on the
// way past: the saved copies are stored by the page, one Cache Storage cache per account
// ("ficarchive-saved-<account>"), and only the current account's copies are ever served.
// Logging out (a POST to the logout URL) clears them, besides the logout's Clear-Site-Data.
"use strict";

var STATIC_PREFIX = "{{ static_prefix|escapejs }}";
var SAVED_URL = "{{ saved_url|escapejs }}";
var LOGOUT_URL = "{{ logout_url|escapejs }}";
var STYLESHEET = "{{ stylesheet|escapejs }}";
var SAVED_PREFIX = "ficarchive-saved-";
var STATIC_CACHE = "ficarchive-static";
var STATE_CACHE = "ficarchive-state";
var ACCOUNT_KEY = "/__offline/account";
var READING = /^\/works\/(\d+)\/(?:chapters\/\d+\/)?$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function clearSaved() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("ficarchive-") === 0;
    }).map(function (name) { return caches.delete(name); }));
  });
}

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "clear") { event.waitUntil(clearSaved()); }
});

// The account the device last saw signed in; the pages keep it current.
function savedCache() {
  return caches.open(STATE_CACHE).then(function (state) {
    return state.match(ACCOUNT_KEY);
  }).then(function (found) {
    return found ? found.text() : null;
  }).then(function (account) {
    if (!account) { return null; }
    return caches.has(SAVED_PREFIX + account).then(function (has) {
      return has ? caches.open(SAVED_PREFIX + account) : null;
    });
  });
}

// A saved copy (a work, or the saved-works page) says so on its <html>: the page then applies
// the reader's settings kept on the device, and the toolbar changes them there.
function markedCopy(response) {
  return response.text().then(function (html) {
    var body = html.replace("<html ", '<html data-offline-copy="true" ');
    var headers = new Headers(response.headers);
    headers.delete("Content-Length");  // the body grew
    headers.delete("Content-Encoding");
    return new Response(body, { status: 200, headers: headers });
  });
}

function notSaved() {
  var html = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<title>Offline · Ficarchive</title><link rel="stylesheet" href="' + STYLESHEET + '"></head>' +
    '<body><main id="main" class="error-page"><h1>You are offline</h1>' +
    "<p>This page is not saved on this device.</p>" +
    '<p><a href="' + SAVED_URL + '">Works saved for offline reading</a></p></main></body></html>';
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function fromSaved(url) {
  return savedCache().then(function (cache) {
    if (!cache) { return notSaved(); }
    var reading = url.pathname.match(READING);
    var key = reading ? "/works/" + reading[1] + "/?view_full_work=true" : SAVED_URL;
    return cache.match(new URL(key, self.location.origin).href).then(function (found) {
      if (!found) { return notSaved(); }
      return markedCopy(found);
    });
  });
}

function networkElseSaved(request, url) {
  return fetch(request).catch(function () { return fromSaved(url); });
}

function networkElseStatic(request) {
  return fetch(request).catch(function () {
    return caches.open(STATIC_CACHE).then(function (cache) {
      return cache.match(request);
    }).then(function (found) {
      return found || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method !== "GET") {
    if (request.method === "POST" && url.pathname === LOGOUT_URL) {
      event.waitUntil(clearSaved());
    }
    return;  // the network's, untouched
  }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(networkElseStatic(request));
  } else if (request.mode === "navigate" && (READING.test(url.pathname) || url.pathname === SAVED_URL)) {
    event.respondWith(networkElseSaved(request, url));
  }
});
