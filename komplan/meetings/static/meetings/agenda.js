/* Drag the agenda's rows into a new order. A progressive enhancement: the ↑/↓ buttons and
   the numbered order form do the same without a script. On drop the new order is posted;
   the server answers with the re-rendered table (new numbers and times), which replaces the
   old one. No build step, no dependencies. */
(function () {
  "use strict";
  var container = document.getElementById("agenda-table");
  if (!container || !("draggable" in document.createElement("tr"))) return;
  var url = container.dataset.orderUrl;
  var status = document.getElementById("agenda-status");
  var hint = document.getElementById("drag-hint");
  var dragged = null;
  var before = "";
  if (hint) hint.hidden = false;

  function rows() {
    return Array.prototype.slice.call(container.querySelectorAll("tbody tr[data-item]"));
  }

  function order() {
    return rows().map(function (row) { return row.dataset.item; }).join(",");
  }

  function prepare() {
    rows().forEach(function (row) {
      row.draggable = true;
      row.classList.add("draggable");
    });
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function announce(text) {
    if (status) status.textContent = text || "";
  }

  function save() {
    var body = new FormData();
    body.append("order", order());
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" }
    }).then(function (response) {
      return response.text().then(function (html) {
        container.innerHTML = html;
        prepare();
        if (window.htmx) window.htmx.process(container);
        announce(response.ok ? container.dataset.saved : container.dataset.failed);
      });
    }).catch(function () {
      announce(container.dataset.failed);
    });
  }

  container.addEventListener("dragstart", function (event) {
    var row = event.target.closest ? event.target.closest("tr[data-item]") : null;
    if (!row) return;
    dragged = row;
    before = order();
    row.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.dataset.item);
  });

  container.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var row = event.target.closest ? event.target.closest("tr[data-item]") : null;
    event.preventDefault();
    if (!row || row === dragged) return;
    var box = row.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    row.parentNode.insertBefore(dragged, after ? row.nextSibling : row);
  });

  container.addEventListener("drop", function (event) {
    if (dragged) event.preventDefault();
  });

  container.addEventListener("dragend", function (event) {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged = null;
    if (event.dataTransfer && event.dataTransfer.dropEffect === "none") {
      // Cancelled (Escape, or dropped outside the table): put the rows back.
      var body = container.querySelector("tbody");
      var byId = {};
      rows().forEach(function (row) { byId[row.dataset.item] = row; });
      before.split(",").forEach(function (id) { body.appendChild(byId[id]); });
      return;
    }
    if (order() !== before) save();
  });

  // The ↑/↓ buttons swap the table through htmx: the new rows need preparing too.
  document.body.addEventListener("htmx:afterSwap", prepare);
  prepare();
})();
