/* A "Copy" button beside an address the page shows as selectable text (a readonly field).
   Progressive enhancement: without a script the button stays hidden and the address can be
   selected and copied by hand. The result is said in the button's live region (role=status),
   in the words the page gives it (data-copied, data-failed), so screen readers hear it too. */
(function () {
  "use strict";

  function say(status, text) {
    if (!status) return;
    // Emptied first so that the same words twice in a row are announced again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function copyBySelection(field) {
    field.focus();
    field.select();
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false;
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("button[data-copy-target]"), function (button) {
    var field = document.getElementById(button.dataset.copyTarget);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var copied = function () { say(status, button.dataset.copied); };
      var failed = function () {
        if (copyBySelection(field)) copied();
        else {
          field.focus();
          field.select();
          say(status, button.dataset.failed);
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(copied, failed);
      } else {
        failed();
      }
    });
  });
})();
