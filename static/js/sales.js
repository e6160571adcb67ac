// Behaviours of the sales forms: the customer picker and the opening
// balance's Add / Remove line buttons with live totals. Every behaviour has a
// server-side fallback, so the forms also work without JavaScript.
(function () {
  "use strict";

  var SEARCH_DELAY_MS = 200;

  // Customer picker ----------------------------------------------------------
  // A search box with a hidden input for the id. Typing requests the
  // selectable customers from the autocomplete URL. Up/Down move through the
  // list, Enter or a click chooses, and Escape closes it. Typing again clears
  // the chosen id, so the server never receives an id the box no longer shows.

  function setUpPicker(picker) {
    var search = picker.querySelector("[data-picker-search]");
    var hidden = picker.querySelector("[data-picker-id]");
    var list = picker.querySelector("[data-picker-list]");
    var source = picker.getAttribute("data-source");
    var timer = null;
    var active = -1;
    var request = 0;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.classList.add("d-none");
      list.replaceChildren();
      search.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = options();
      if (!items.length) {
        return;
      }
      active = (index + items.length) % items.length;
      items.forEach(function (item, position) {
        item.classList.toggle("active", position === active);
        item.setAttribute("aria-selected", position === active ? "true" : "false");
      });
      search.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(item) {
      hidden.value = item.getAttribute("data-id");
      search.value = item.textContent;
      close();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(results) {
      list.replaceChildren();
      if (!results.length) {
        var empty = document.createElement("li");
        empty.className = "list-group-item text-muted small";
        empty.textContent = picker.getAttribute("data-empty");
        list.appendChild(empty);
      }
      results.forEach(function (result, position) {
        var item = document.createElement("li");
        item.className = "list-group-item list-group-item-action";
        item.id = search.id + "-option-" + position;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-id", result.id);
        item.textContent = result.text;
        list.appendChild(item);
      });
      list.classList.remove("d-none");
      search.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function lookUp() {
      var query = search.value.trim();
      if (!query) {
        close();
        return;
      }
      var number = ++request;
      fetch(source + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          // A response to an older query that arrives late is dropped.
          if (number === request) {
            show(data.results || []);
          }
        })
        .catch(close);
    }

    search.addEventListener("input", function () {
      hidden.value = "";
      window.clearTimeout(timer);
      timer = window.setTimeout(lookUp, SEARCH_DELAY_MS);
    });

    search.addEventListener("keydown", function (event) {
      var open = !list.classList.contains("d-none");
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) {
          lookUp();
        } else {
          highlight(active + 1);
        }
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open) {
        event.preventDefault();
        var items = options();
        if (active >= 0 && items[active]) {
          choose(items[active]);
        } else if (items.length === 1) {
          choose(items[0]);
        }
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    list.addEventListener("mousedown", function (event) {
      // mousedown, not click, so the box keeps focus until the choice is made.
      var item = event.target.closest("[role=option]");
      if (item) {
        event.preventDefault();
        choose(item);
      }
    });

    search.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  // Opening balance lines -----------------------------------------------------
  // Each section has an entry row and a <template> holding the formset's
  // empty form. Add copies the entry row into a new row from the template and
  // raises TOTAL_FORMS; Remove ticks the row's DELETE box and hides it. The
  // totals are summed in cents, so 0.10 + 0.20 shows 0.30.

  var AMOUNT = /^\s*\d{1,10}(\.\d{1,2})?\s*$/;

  function cents(text) {
    if (!AMOUNT.test(text)) {
      return null;
    }
    var parts = text.trim().split(".");
    var fraction = ((parts[1] || "") + "00").slice(0, 2);
    return parseInt(parts[0], 10) * 100 + parseInt(fraction, 10);
  }

  function formatCents(total) {
    var whole = Math.floor(total / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    var fraction = ("0" + (total % 100)).slice(-2);
    return whole + "." + fraction;
  }

  function fieldOf(row, name) {
    return row.querySelector('[name$="-' + name + '"]');
  }

  function setUpLines(form, section) {
    var kind = section.getAttribute("data-lines");
    var rows = section.querySelector("[data-line-rows]");
    var entry = section.querySelector("[data-entry-row]");
    var template = section.querySelector("[data-line-template]");
    var totalForms = form.querySelector('[name="' + kind + '-TOTAL_FORMS"]');
    var currency = form.getAttribute("data-currency") || "";
    var fields = kind === "due" ? ["amount", "note"] : ["item", "quantity", "amount"];

    function updateTotals() {
      var amount = 0;
      var quantity = 0;
      rows.querySelectorAll("[data-line-row]").forEach(function (row) {
        if (row.classList.contains("d-none")) {
          return;
        }
        var value = cents(fieldOf(row, "amount").value);
        amount += value === null ? 0 : value;
        var count = fieldOf(row, "quantity");
        if (count && /^\d+$/.test(count.value.trim())) {
          quantity += parseInt(count.value, 10);
        }
      });
      section.querySelectorAll("[data-line-total=amount]").forEach(function (node) {
        node.textContent = currency + " " + formatCents(amount);
      });
      section.querySelectorAll("[data-line-total=quantity]").forEach(function (node) {
        node.textContent = quantity.toString();
      });
    }

    function showEntryError(input, message) {
      var error = document.createElement("div");
      error.className = "invalid-feedback d-block";
      error.setAttribute("data-entry-error", "");
      error.textContent = message;
      input.insertAdjacentElement("afterend", error);
    }

    function entryErrors() {
      entry.querySelectorAll("[data-entry-error]").forEach(function (node) {
        node.remove();
      });
      var ok = true;
      var amount = fieldOf(entry, "amount");
      var value = amount.value.trim();
      var minimum = kind === "due" ? 1 : 0;
      if (cents(value) === null || cents(value) < minimum) {
        showEntryError(amount, section.getAttribute("data-message-amount"));
        ok = false;
      }
      var item = fieldOf(entry, "item");
      if (item && !item.value) {
        showEntryError(item, section.getAttribute("data-message-item"));
        ok = false;
      }
      var quantity = fieldOf(entry, "quantity");
      if (quantity && !/^\s*[1-9]\d{0,4}\s*$/.test(quantity.value)) {
        showEntryError(quantity, section.getAttribute("data-message-quantity"));
        ok = false;
      }
      return ok;
    }

    function addLine() {
      if (!entryErrors()) {
        return;
      }
      var index = parseInt(totalForms.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, index.toString());
      var holder = document.createElement("tbody");
      holder.innerHTML = html.trim();
      var row = holder.querySelector("[data-line-row]");
      fields.forEach(function (name) {
        fieldOf(row, name).value = fieldOf(entry, name).value.trim();
        fieldOf(entry, name).value = "";
      });
      rows.appendChild(row);
      totalForms.value = (index + 1).toString();
      updateTotals();
      fieldOf(entry, fields[0]).focus();
    }

    section.addEventListener("click", function (event) {
      var add = event.target.closest("[data-line-add]");
      if (add) {
        event.preventDefault();
        addLine();
        return;
      }
      var remove = event.target.closest("[data-line-remove]");
      if (remove) {
        event.preventDefault();
        var row = remove.closest("[data-line-row]");
        row.querySelector("[data-line-delete]").checked = true;
        row.classList.add("d-none");
        updateTotals();
      }
    });

    section.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.target.tagName === "BUTTON") {
        return;
      }
      if (event.target.closest("[data-entry-row]")) {
        event.preventDefault();
        addLine();
      } else if (event.target.closest("[data-line-row]")) {
        event.preventDefault();
      }
    });

    rows.addEventListener("input", updateTotals);
    updateTotals();
  }

  function start() {
    document.querySelectorAll("[data-customer-picker]").forEach(setUpPicker);
    document.querySelectorAll("form[data-opening-balance]").forEach(function (form) {
      form.querySelectorAll("[data-lines]").forEach(function (section) {
        setUpLines(form, section);
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
