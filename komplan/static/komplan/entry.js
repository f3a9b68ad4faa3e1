/* The activity form's inline adds: a new target group or channel, posted with htmx to the
   register's own create view, appears ticked in the form without leaving it. Progressive
   enhancement: without a script (or without htmx) the inline forms stay hidden and a link
   to the register's page, opening in a new tab, is shown instead. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  if (!window.htmx) return;

  var boxes = document.querySelectorAll("[data-inline-add]");
  Array.prototype.forEach.call(boxes, function (box) {
    box.hidden = false;
    var fallback = box.nextElementSibling;
    if (fallback && fallback.hasAttribute("data-inline-fallback")) fallback.hidden = true;
    var name = box.querySelector("[data-inline-name]");
    var button = box.querySelector("[data-inline-submit]");
    // Enter in the name adds the entry; it must not send the whole activity form.
    if (name && button) {
      name.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          button.click();
        }
      });
    }
  });

  // The message picker follows the groups; "Show all messages", once opened, stays open.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || elt.id !== "message-picker") return;
    var others = elt.querySelector("details");
    if (others && others.open) event.detail.parameters.show_all = "1";
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var box = event.detail.elt.closest && event.detail.elt.closest("[data-inline-add]");
    if (!box || !event.detail.successful) return;
    var name = box.querySelector("[data-inline-name]");
    var added = event.detail.xhr.getResponseHeader("X-Komplan-Added");
    if (added && name) name.value = "";
    // The new entry arrives ticked: what follows the ticks (the message picker) updates.
    var ticked = added && document.querySelector("input[type=checkbox][id$='_new" + added + "']");
    if (ticked) ticked.dispatchEvent(new Event("change", { bubbles: true }));
    if (name) name.focus();
  });
});
