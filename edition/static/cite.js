// The cite dialog: one <dialog> for every cite button of the page. It shows the citations that
// edition.js gives (window.editionCitations(id) → {forms, bibtex, csl, url, rendering}): Chicago (its
// note and its bibliography entry), APA and MLA, rendered by citeproc-py from the CSL-JSON at build
// time and shown whole as text, and the data formats BibTeX and CSL-JSON; each with its own copy
// button. The format last opened or copied is remembered and opens first. Below them, labelled as
// such, the editors' plain-English rendering of the passage (which is not the original text, and not
// part of the citation).
// Keyboard: the dialog is modal, focus moves to the chosen format's copy button, Esc closes it
// and focus goes back to the cite button that opened it.
(function () {
  "use strict";
  var KEY = "edition-cite-format";
  // [key, name, the forms it shows (a style's form in c.forms) or the rows of its data box]
  var FORMATS = [["chicago", "Chicago", ["chicago-note", "chicago-bibliography"]], ["apa", "APA", ["apa"]],
                 ["mla", "MLA", ["mla"]], ["bibtex", "BibTeX", 8], ["csl", "CSL-JSON", 12]];
  var RENDERING = ["rendering", "Editors' rendering (plain English, not the original text)", 4];
  var opener = null;

  function chosenFormat() {
    var stored = null;
    try { stored = localStorage.getItem(KEY); } catch (e) { /* private mode: not remembered */ }
    return FORMATS.some(function (f) { return f[0] === stored; }) ? stored : "chicago";
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

  // A data box (textarea) is copied as its text; a styled citation as text and as HTML, so that a
  // word processor keeps its italics.
  function copy(area) {
    var text = area.tagName === "TEXTAREA" ? area.value : area.textContent;
    if (navigator.clipboard && window.isSecureContext) {
      if (area.tagName !== "TEXTAREA" && window.ClipboardItem && navigator.clipboard.write) {
        var item = new ClipboardItem({ "text/plain": new Blob([text], { type: "text/plain" }),
                                       "text/html": new Blob([area.innerHTML], { type: "text/html" }) });
        return navigator.clipboard.write([item]).catch(function () { return navigator.clipboard.writeText(text); });
      }
      return navigator.clipboard.writeText(text);
    }
    select(area);  // an insecure context: the old way, which needs the text selected
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function select(area) {
    if (area.tagName === "TEXTAREA") { area.select(); return; }
    var range = document.createRange();
    range.selectNodeContents(area);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  // A citation as citeproc rendered it: runs of [words, italic], made into text and <i> elements.
  function styledText(form, id) {
    var node = element("p", { id: id, class: "cite-text", tabindex: "-1" });
    form.parts.forEach(function (part) {
      node.appendChild(part[1] ? element("i", {}, part[0]) : document.createTextNode(part[0]));
    });
    return node;
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

  function copyRow(area, label, format, statusName) {
    var actions = element("div", { class: "cite-actions" });
    var button = element("button", { type: "button", class: "cite-copy", "data-format": format, "aria-controls": area.id }, label);
    var status = element("span", { class: "cite-status", role: "status", "aria-live": "polite" });
    button.addEventListener("click", function () {
      if (format !== "rendering") { remember(format); }
      copy(area).then(function () {
        status.textContent = statusName + " copied to the clipboard";
      }, function () {
        area.focus();
        select(area);
        status.textContent = "Selected: press Ctrl+C (⌘C) to copy";
      });
    });
    actions.appendChild(button);
    actions.appendChild(status);
    return actions;
  }

  function formatBlock(spec, c, open) {
    var format = spec[0], name = spec[1];
    // The formats open one at a time (one name); the rendering stands apart, always open.
    var details = element("details", format === "rendering" ? { class: "cite-format cite-rendering-block", "data-format": format }
                                                        : { class: "cite-format", "data-format": format, name: "cite-format" });
    details.open = open;
    details.appendChild(element("summary", format === "rendering" ? { class: "cite-rendering-label" } : {}, name));
    var body = element("div", { class: "cite-body" });
    if (Array.isArray(spec[2])) {  // a style: each of its forms as text, with its own copy button
      spec[2].forEach(function (key) {
        var form = c.forms[key];
        var text = styledText(form, "cite-text-" + key);
        var several = spec[2].length > 1;
        var label = several ? form.name.replace(/^.*\((.*)\)$/, "$1") : "";
        if (several) { body.appendChild(element("h3", { class: "cite-form-name" }, label.charAt(0).toUpperCase() + label.slice(1))); }
        body.appendChild(text);
        body.appendChild(copyRow(text, several ? "Copy the " + label : "Copy " + name, format, form.name));
      });
    } else {
      var value = format === "rendering" ? c.rendering : c[format];
      var area = element("textarea", { id: "cite-area-" + format, class: "cite-" + format, rows: String(spec[2]), readonly: "",
                                        spellcheck: "false", "aria-label": format === "rendering" ? name : "Citation as " + name });
      area.value = value;
      body.appendChild(area);
      body.appendChild(copyRow(area, format === "rendering" ? "Copy the rendering" : "Copy " + name, format, name));
    }
    details.addEventListener("toggle", function () { if (details.open && format !== "rendering") { remember(format); } });
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
    FORMATS.forEach(function (spec) {
      var available = Array.isArray(spec[2]) ? spec[2].every(function (key) { return c.forms[key]; }) : c[spec[0]];
      if (available) { dialog.appendChild(formatBlock(spec, c, spec[0] === format)); }
    });
    if (!dialog.querySelector(".cite-format")) {  // no citation on this page (the print build): the address
      dialog.appendChild(element("p", { class: "cite-address" }, c.url));
    }
    if (c.rendering) { dialog.appendChild(formatBlock(RENDERING, c, true)); }
    dialog.dataset.url = c.url;
    if (dialog.showModal) { dialog.showModal(); } else { dialog.setAttribute("open", ""); }
    var first = dialog.querySelector('.cite-copy[data-format="' + format + '"]') || dialog.querySelector(".cite-close");
    first.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".cite-button");
    if (button) { showCitation(button.dataset.passage, button); }
  });
})();
