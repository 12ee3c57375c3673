// Walima's service worker: when the network drops, a page asked for gets the offline page and
// the static files come from the cache. Nothing else is cached: no page, no answer of the API,
// nothing personal. A new version of this file (a new ?v=) replaces the cache.
"use strict";
var CACHE = "walima-" + new URL(self.location.href).searchParams.get("v");
var KEPT = ["/static/offline.html", "/static/walima.css", "/static/icon-192.png"];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.addAll(KEPT); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n !== CACHE; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () {
      return caches.match("/static/offline.html");
    }));
    return;
  }
  var url = new URL(request.url);
  if (url.origin === self.location.origin && url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(url.pathname);
    }));
  }
});
