// Walima, on the tender form: once the event and the province are chosen, "typical price per
// guest here" from the price insight (GET /api/insights/prices), if 5 contracts or more make
// one. Optional: without it the form is the same, without the hint.
(function () {
  "use strict";
  var hint = document.getElementById("price-hint");
  var event = document.getElementById("f-event_type");
  var province = document.getElementById("f-province");
  if (!hint || !event || !province) return;
  var money = new Intl.NumberFormat(document.documentElement.lang + "-MA", {
    style: "currency", currency: "MAD", minimumFractionDigits: 2
  });
  function show() {
    hint.hidden = true;
    if (!event.value || !province.value) return;
    var query = "?province=" + encodeURIComponent(province.value) +
      "&event_type=" + encodeURIComponent(event.value);
    fetch("/api/insights/prices" + query).then(function (answer) {
      return answer.ok ? answer.json() : null;
    }).then(function (found) {
      var q = found && found.per_guest_mad;
      if (!q) return;
      hint.textContent = hint.getAttribute("data-text")
        .replace("{median}", money.format(q.median))
        .replace("{p25}", money.format(q.p25))
        .replace("{p75}", money.format(q.p75))
        .replace("{count}", found.count);
      hint.hidden = false;
    }).catch(function () {});
  }
  event.addEventListener("change", show);
  province.addEventListener("change", show);
  show();
})();
