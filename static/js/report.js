// Report > Customer List: the column picker's up and down buttons move a
// column within the list. The browser submits ticked columns in list order,
// which is the order the report uses.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".column-picker [data-move]");
    if (!button) {
      return;
    }
    var item = button.closest("li");
    if (button.getAttribute("data-move") === "up" && item.previousElementSibling) {
      item.parentNode.insertBefore(item, item.previousElementSibling);
    } else if (button.getAttribute("data-move") === "down" && item.nextElementSibling) {
      item.parentNode.insertBefore(item.nextElementSibling, item);
    }
    button.focus();
  });
})();
