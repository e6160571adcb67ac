// Progress for the customer import. A form with data-import-progress-url
// shows its [data-import-progress] panel when submitted. With a URL, the
// panel polls it about once a second for the run id put in the form's
// "run" field, until the form's response replaces the page. Without one
// (the upload), the panel shows only a spinner.
(function () {
  "use strict";

  var POLL_MILLISECONDS = 800;

  function runId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (byte) {
      return ("0" + byte.toString(16)).slice(-2);
    }).join("");
  }

  function formatNumber(number) {
    return Number(number).toLocaleString();
  }

  function show(panel, progress) {
    var label = panel.querySelector("[data-progress-label]");
    var count = panel.querySelector("[data-progress-count]");
    var bar = panel.querySelector("[data-progress-bar]");
    label.textContent = progress.label;
    if (progress.total) {
      bar.max = progress.total;
      bar.value = Math.min(progress.done, progress.total);
      count.textContent = panel.getAttribute("data-count-template")
        .replace("__done__", formatNumber(progress.done))
        .replace("__total__", formatNumber(progress.total));
    } else {
      bar.removeAttribute("value");
      count.textContent = progress.done
        ? panel.getAttribute("data-done-template").replace("__done__", formatNumber(progress.done))
        : "";
    }
    panel.setAttribute("data-phase", progress.phase);
  }

  function poll(url, panel) {
    var waiting = false;
    window.setInterval(function () {
      if (waiting) {
        return;
      }
      waiting = true;
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (progress) {
          if (progress) {
            show(panel, progress);
          }
        })
        .catch(function () {
          // A missed poll is retried on the next tick.
        })
        .finally(function () {
          waiting = false;
        });
    }, POLL_MILLISECONDS);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-import-progress-url") || event.defaultPrevented) {
      return;
    }
    var panel = form.querySelector("[data-import-progress]");
    var url = form.getAttribute("data-import-progress-url");
    var run = runId();
    var runField = form.querySelector('input[name="run"]');
    if (runField) {
      runField.value = run;
    }
    // Disabling the buttons now would drop the pressed one from the data the
    // browser is about to send, so wait until the submission has started.
    window.setTimeout(function () {
      form.querySelectorAll('button[type="submit"]').forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
    if (panel) {
      panel.classList.remove("d-none");
      if (url) {
        poll(url + "?run=" + encodeURIComponent(run), panel);
      }
    }
  });

  // The preview's Status box sits outside its form (form="filter-form");
  // choosing a status searches at once.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select.hasAttribute && select.hasAttribute("data-autosubmit-select") && select.form) {
      select.form.submit();
    }
  });
})();
