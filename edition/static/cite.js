// The cite dialog: one <dialog> for every cite button of the page. It shows the citations that
// edition.js gives (window.editionCitations(id) → {text, bibtex, csl, url, rendering}) in three
// formats, each with its own copy button; the format last opened or copied is remembered and opens
// first. Below them, labelled as such, the editors' plain-English rendering of the passage (which
// is not the original text, and not part of the citation).
// Keyboard: the dialog is modal, focus moves to the chosen format's copy button, Esc closes it
// and focus goes back to the cite button that opened it.
(function () {
  "use strict";
  var KEY = "edition-cite-format";
  var FORMATS = [["text", "Text", 5], ["bibtex", "BibTeX", 8], ["csl", "CSL-JSON", 12]];
  var RENDERING = ["rendering", "Editors' rendering (plain English, not the original text)", 4];
  var opener = null;

  function chosenFormat() {
    var stored = null;
    try { stored = localStorage.getItem(KEY); } catch (e) { /* private mode: not remembered */ }
    return FORMATS.some(function (f) { return f[0] === stored; }) ? stored : "text";
  }

  function remember(format) {
    try { localStorage.setItem(KEY, format); } catch (e) { /* private mode: not remembered */ }
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function copy(area) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(area.value);
    }
    area.select();  // an insecure context: the old way, which needs the text selected
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function dialogElement() {
    var dialog = document.getElementById("cite-dialog");
    if (dialog) { return dialog; }
    dialog = element("dialog", { id: "cite-dialog", class: "cite-dialog", "aria-labelledby": "cite-dialog-title",
                                 "aria-describedby": "cite-dialog-hint" });
    dialog.addEventListener("close", function () {
      if (opener && document.contains(opener)) { opener.focus(); }
      opener = null;
    });
    // Esc closes the dialog in every state. Sphinx's sphinx_highlight.js cancels Escape on the
    // document (preventDefault) unless focus is in a form field, so with focus on a <summary> the
    // browser's own "cancel" never came: the dialog closes it here, before the event gets there.
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && dialog.open) {
        event.preventDefault();
        dialog.close();
      }
    });
    // A click on the backdrop (outside the dialog's box) closes it too.
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) {
        var box = dialog.getBoundingClientRect();
        var inside = event.clientX >= box.left && event.clientX <= box.right && event.clientY >= box.top && event.clientY <= box.bottom;
        if (!inside) { dialog.close(); }
      }
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function formatBlock(spec, value, open) {
    var format = spec[0], name = spec[1];
    // The three formats open one at a time (one name); the rendering stands apart, always open.
    var details = element("details", format === "rendering" ? { class: "cite-format cite-rendering-block", "data-format": format }
                                                        : { class: "cite-format", "data-format": format, name: "cite-format" });
    details.open = open;
    details.appendChild(element("summary", format === "rendering" ? { class: "cite-rendering-label" } : {}, name));
    var body = element("div", { class: "cite-body" });
    var areaId = "cite-area-" + format;
    var area = element("textarea", { id: areaId, class: "cite-" + format, rows: String(spec[2]), readonly: "",
                                      spellcheck: "false", "aria-label": format === "rendering" ? name : "Citation as " + name });
    area.value = value;
    var actions = element("div", { class: "cite-actions" });
    var button = element("button", { type: "button", class: "cite-copy", "data-format": format, "aria-controls": areaId },
                         format === "rendering" ? "Copy the rendering" : "Copy " + name);
    var status = element("span", { class: "cite-status", role: "status", "aria-live": "polite" });
    button.addEventListener("click", function () {
      if (format !== "rendering") { remember(format); }
      copy(area).then(function () {
        status.textContent = name + " copied to the clipboard";
      }, function () {
        area.focus();
        area.select();
        status.textContent = "Selected: press Ctrl+C (⌘C) to copy";
      });
    });
    details.addEventListener("toggle", function () { if (details.open && format !== "rendering") { remember(format); } });
    actions.appendChild(button);
    actions.appendChild(status);
    body.appendChild(area);
    body.appendChild(actions);
    details.appendChild(body);
    return details;
  }

  function showCitation(id, button) {
    var c = window.editionCitations(id);
    var dialog = dialogElement();
    var format = chosenFormat();
    opener = button || null;
    dialog.innerHTML = "";
    var head = element("div", { class: "cite-dialog-head" });
    head.appendChild(element("h2", { id: "cite-dialog-title" }, "Cite passage " + id));
    var close = element("button", { type: "button", class: "cite-close" }, "Close");
    close.addEventListener("click", function () { dialog.close(); });
    head.appendChild(close);
    dialog.appendChild(head);
    dialog.appendChild(element("p", { id: "cite-dialog-hint", class: "cite-hint" },
                               "Choose a format and copy it. Esc closes this dialog."));
    FORMATS.forEach(function (spec) { dialog.appendChild(formatBlock(spec, c[spec[0]], spec[0] === format)); });
    if (c.rendering) { dialog.appendChild(formatBlock(RENDERING, c.rendering, true)); }
    dialog.dataset.url = c.url;
    if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    dialog.querySelector('.cite-copy[data-format="' + format + '"]').focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".cite-button");
    if (button) { showCitation(button.dataset.passage, button); }
  });
})();
