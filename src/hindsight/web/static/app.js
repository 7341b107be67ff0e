// Hindsight's only script: small conveniences; every page works without it.
(function () {
  "use strict";
  // Filters submit when a select changes (the Filter button stays for keyboard and no-JS users).
  document.querySelectorAll("form.filters select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
  // Ask before irreversible moves in the lifecycle.
  document.querySelectorAll("form[action$='/status']").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var target = form.querySelector("select[name=status]");
      if (target && (target.value === "closed" || target.value === "wont_do")) {
        if (!window.confirm("Move to " + target.value.replace("_", " ") + "?")) { event.preventDefault(); }
      }
    });
  });
})();
