// Walima: the tender page's countdown and live best price. Optional: without it the page
// shows the deadline and the server's numbers. Time left comes from the server and is
// counted down with the monotonic clock, so a phone's wrong clock changes nothing.
(function () {
  "use strict";
  var box = document.querySelector("[data-live]");
  if (!box || !window.fetch) return;
  var clock = document.querySelector("[data-left]");
  var left = clock ? Number(clock.getAttribute("data-left")) : 0;
  var start = performance.now();
  var status = box.getAttribute("data-status");
  var auction = box.hasAttribute("data-auction");
  function remaining() { return left - (performance.now() - start) / 1000; }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    if (!clock) return;
    var s = Math.max(0, Math.ceil(remaining()));
    if (s >= 86400) return; // over a day: the server's words say it better
    clock.textContent = s > 0
      ? Math.floor(s / 3600) + ":" + two(Math.floor(s / 60) % 60) + ":" + two(s % 60)
      : clock.getAttribute("data-done");
  }
  function put(name, value) {
    var el = document.querySelector("[data-" + name + "]");
    if (el && value !== null && value !== undefined && el.textContent !== value) el.textContent = value;
  }
  function reload() { // the new state, without the last step's "done" banner
    var url = new URL(location.href);
    url.searchParams.delete("done");
    location.replace(url.href);
  }
  function poll() {
    fetch(box.getAttribute("data-live"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) return;
        if (d.status !== status) { reload(); return; }
        left = d.left; start = performance.now();
        put("best", d.best); put("ceiling", d.ceiling); put("bids", d.bids);
      })
      .catch(function () {});
  }
  var since = 0;
  setInterval(function () {
    tick();
    since += 1;
    if (document.hidden) return;
    if ((auction && since >= 5) || (remaining() <= 0 && since >= 2)) { since = 0; poll(); }
  }, 1000);
  tick();
})();
