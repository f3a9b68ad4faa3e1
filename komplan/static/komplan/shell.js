/* The app shell (templates/base.html): under 768 px the header's menu folds behind a
   disclosure button. Without this script the button stays hidden and the menu open. */
(function () {
  "use strict";
  // The plan's tabs scroll sideways on a phone: bring the current one into view. (This
  // script runs right after the header, before the tabs exist: hence the wait.)
  document.addEventListener("DOMContentLoaded", function () {
    var tabs = document.querySelectorAll(".plan-tabs");
    Array.prototype.forEach.call(tabs, function (list) {
      var current = list.querySelector('[aria-current="page"]');
      if (current && list.scrollWidth > list.clientWidth) {
        var offset = current.getBoundingClientRect().left - list.getBoundingClientRect().left;
        list.scrollLeft += offset - 16;
      }
    });
  });

  var header = document.getElementById("site-header");
  var button = document.getElementById("menu-button");
  var menu = document.getElementById("site-menu");
  if (!header || !button || !menu) {
    return;
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("menu-open", open);
  }

  header.classList.add("has-menu-button");
  button.hidden = false;
  setOpen(false);

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });

  // Escape closes the open menu and gives the focus back to its button.
  header.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
