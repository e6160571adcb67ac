// Behaviours of the kiosk pages, loaded with defer; no inline scripts.
(function () {
  "use strict";

  var body = document.body;
  var idleSeconds = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
  var homeUrl = body.getAttribute("data-home-url") || "/kiosk/";

  // Restored from the back-forward cache, a page could show what was typed
  // before a submission: fetch it again from the server instead.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });

  // After idleSeconds without a touch or key press, forget the entry and go
  // back to the start. The server discards an idle draft on its own too.
  if (idleSeconds > 0) {
    var timer = null;
    var reset = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var form = document.getElementById("kiosk-restart-form");
        if (form) {
          form.submit();
        } else {
          window.location.assign(homeUrl);
        }
      }, idleSeconds * 1000);
    };
    ["pointerdown", "keydown", "input", "scroll", "touchstart"].forEach(function (name) {
      document.addEventListener(name, reset, { passive: true });
    });
    reset();
  }

  // The thank-you screen returns to the start; the meta refresh is the
  // fallback without JavaScript.
  var thanks = document.querySelector("[data-return-seconds]");
  if (thanks) {
    var seconds = parseInt(thanks.getAttribute("data-return-seconds"), 10) || 8;
    window.setTimeout(function () {
      window.location.replace(homeUrl);
    }, seconds * 1000);
  }

  // A double tap on Submit sends one entry.
  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-submitted")) {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-submitted", "1");
    });
  });
})();
