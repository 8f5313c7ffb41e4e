// goodwill's service worker: the app shell from the cache, and Today as last loaded when
// the server cannot be reached (with a notice saying so). Nothing else is kept offline.
var SHELL = "goodwill-shell-v3";  // a new name for each change of a cached file
var TODAY = "goodwill-today";
var SHELL_FILES = [
  "/static/app.css",
  "/static/app.js",
  "/static/vendor/htmx-2.0.11.min.js",
  "/static/favicon.svg",
  "/static/icon.svg",
  "/static/icon-192.png",
  "/static/manifest.webmanifest",
];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); }));
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name !== SHELL && name !== TODAY;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function offlineToday() {
  return caches.open(TODAY).then(function (cache) {
    return cache.match("/").then(function (saved) {
      if (!saved) {
        return new Response("goodwill: the server cannot be reached.", {
          status: 503, headers: {"Content-Type": "text/plain; charset=utf-8"},
        });
      }
      var when = saved.headers.get("X-Saved-At") || "earlier";
      return saved.text().then(function (page) {
        var notice = '<p class="warning offline" role="alert" data-testid="offline">' +
          "The server cannot be reached: this is Today as last loaded (" + when +
          "). Nothing you do here is saved.</p>";
        return new Response(page.replace('<main id="main">', '<main id="main">' + notice), {
          headers: {"Content-Type": "text/html; charset=utf-8"},
        });
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
    return;
  }
  if (request.mode !== "navigate") return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (url.pathname === "/" && response.ok && !response.redirected) {
        var copy = response.clone();
        copy.text().then(function (page) {
          var headers = {"Content-Type": "text/html", "X-Saved-At": new Date().toLocaleString()};
          return caches.open(TODAY).then(function (cache) {
            return cache.put("/", new Response(page, {headers: headers}));
          });
        });
      } else if (url.pathname === "/login") {
        caches.delete(TODAY);  // signed out: no one else's Today stays on this device
      }
      return response;
    }).catch(offlineToday)
  );
});
