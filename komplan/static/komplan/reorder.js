/* Keep keyboard users on the entry they move with ↑/↓, and say where it went. The move
   buttons post through htmx, which replaces the whole table: the pressed button is new,
   and when the entry reaches the top or the bottom that button is disabled, so focus
   would fall to <body>. After the swap, focus goes to the same entry's button for the same
   direction, or for the other direction when that one is disabled; the polite live region
   [data-reorder-status] reads the entry's own message, which the server rendered on its
   form in the page's language (data-moved: "“Item” moved to position 2 of 5").
   Without a script the buttons post the form and the page reloads at the entry.
   Shared by the agenda and the plan registers. No build step, no dependencies. */
(function () {
  "use strict";
  var pending = null;

  function formOf(entry) {
    return document.querySelector('form[data-reorder="' + entry + '"]');
  }

  function announce(text) {
    var status = document.querySelector("[data-reorder-status]");
    if (!status) return;
    // Emptied first, so that a message like the last one is read again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[name=direction]") : null;
    var form = button ? button.form : null;
    if (!form || !form.dataset.reorder) return;
    pending = { entry: form.dataset.reorder, direction: button.value };
  }, true);

  document.addEventListener("htmx:afterSettle", function () {
    if (!pending) return;
    var moved = pending;
    pending = null;
    var form = formOf(moved.entry);
    if (!form) return;
    var other = moved.direction === "up" ? "down" : "up";
    var same = form.querySelector('button[value="' + moved.direction + '"]');
    var target = same && !same.disabled ? same : form.querySelector('button[value="' + other + '"]');
    if (target && !target.disabled) target.focus();
    if (form.dataset.moved) announce(form.dataset.moved);
  });

  document.addEventListener("htmx:responseError", function () { pending = null; });
  document.addEventListener("htmx:sendError", function () { pending = null; });
})();
