// Walima, on every page: a posted form's button says it is sending and cannot be pressed twice
// while a slow network carries the form (the server already refuses a second submit), and the
// service worker (sw.js: the offline page) is installed. Optional: without this script every
// form works the same, with no sign that it was sent, and no offline page.
(function () {
  "use strict";
  var sending = document.body.getAttribute("data-sending");
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    var button = event.submitter || form.querySelector("button:not([type=button])");
    if (!button) return;
    // after the browser has read the form: a disabled button's name and value are not sent
    setTimeout(function () {
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      if (sending) button.textContent = sending;
    }, 0);
  });
  var worker = document.body.getAttribute("data-worker");
  if (worker && navigator.serviceWorker) {
    navigator.serviceWorker.register(worker, { scope: "/" }).catch(function () {});
  }
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return; // back to a page the browser kept: its buttons work again
    if (document.querySelector("button[aria-busy]")) window.location.reload();
  });
})();
