// The edition's page behaviour: the view switch (plain English, reading, diplomatic; remembered
// across pages; plain English on a first visit), the edited text one tap away at each passage in
// the plain-English view on a narrow screen, the explanation sheet of a tapped siglum on a phone,
// and the citations of a passage (shown by the cite dialog of cite.js). Everything else on the
// page works without it.
(function () {
  "use strict";
  var KEY = "edition-view";
  var VIEWS = ["diplomatic", "reading", "rendering"];
  var root = document.documentElement;

  function setView(view) {
    if (VIEWS.indexOf(view) < 0) { view = "rendering"; }
    root.classList.toggle("view-diplomatic", view === "diplomatic");
    root.classList.toggle("view-rendering", view === "rendering");
    try { localStorage.setItem(KEY, view); } catch (e) { /* private mode: not remembered */ }
    document.querySelectorAll(".view-switch button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.view === view));
    });
  }

  function storedView() {
    try { return localStorage.getItem(KEY) || "rendering"; } catch (e) { return "rendering"; }
  }
  setView(storedView());

  // The switch only where there are passages to switch (the chapters); nowhere else.
  function addSwitch() {
    var article = document.querySelector("article.bd-article");
    if (!article || !document.querySelector(".passage")) { return; }
    var bar = document.createElement("div");
    bar.className = "view-switch";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Text view");
    bar.innerHTML = '<span class="view-switch-label">Text view:</span>' +
      '<button type="button" data-view="rendering" title="The editors\' rendering in plain English, with the edited text one tap away">plain English</button>' +
      '<button type="button" data-view="reading" title="The edited text: the editors\' repairs marked">reading</button>' +
      '<button type="button" data-view="diplomatic" title="The words exactly as received">diplomatic</button>';
    article.insertBefore(bar, article.firstChild);
    bar.addEventListener("click", function (event) {
      var view = event.target.dataset && event.target.dataset.view;
      if (view) { setView(view); }
    });
    setView(storedView());
  }

  // The citable address of a passage: the published address (html_baseurl) when there is one,
  // else the address the page was read at; the page's path is taken relative to the site's root.
  function passageUrl(id) {
    var meta = window.EDITION || {};
    var here = new URL(window.location.href);
    here.hash = "p-" + id;
    here.search = "";
    if (!meta.base_url) { return here.toString(); }
    var root = new URL(document.documentElement.dataset.content_root || "./", here).toString();
    var path = here.toString().slice(root.length);
    return meta.base_url.replace(/\/$/, "") + "/" + path;
  }

  // The citations are made by the edition's Python (edition/model/citation.py: the CSL-JSON item,
  // its Chicago, APA and MLA forms rendered by citeproc-py, and BibTeX) and embedded in the page as
  // JSON; nothing is added here, so the dialog shows exactly what How to cite shows.
  var made = null;
  function madeCitations() {
    if (made === null) {
      var element = document.getElementById("edition-citations");
      try { made = element ? JSON.parse(element.textContent) : {}; } catch (e) { made = {}; }
    }
    return made;
  }

  function citations(id) {
    var c = madeCitations()[id];
    var rendering = document.querySelector('[id="p-' + id + '"] .rendering-text');
    if (!c) {  // a page without embedded citations (the single-page print build): the address only
      return { forms: {}, bibtex: "", csl: "", url: passageUrl(id), rendering: "" };
    }
    return {
      rendering: rendering ? rendering.textContent : "",
      forms: c.forms,
      bibtex: c.bibtex,
      csl: JSON.stringify([c.csl], null, 2),
      url: c.url
    };
  }

  // The cite dialog lives in cite.js and asks this function for the citations of a passage.
  window.editionCitations = citations;

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", addSwitch); } else { addSwitch(); }

  // In the plain-English view on a narrow passage, the edited text is one tap away: each passage's
  // "edited text" button (written at build time) shows or hides it there.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".edited-toggle");
    if (!button) { return; }
    var passage = button.closest(".passage");
    var open = passage.classList.toggle("show-edited");
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "hide the edited text" : "show the edited text";
  });

  // On a phone a tapped siglum explains itself in a sheet at the foot of the screen, with a close
  // button; it closes on Esc, on a tap elsewhere and when the reader scrolls on. (Without this
  // script the stylesheet's own sheet shows while the siglum has focus.)
  var narrow = window.matchMedia("(max-width: 40em)");
  var sheet = null, sheetFor = null, openedAt = 0, refocusing = false;
  function sheetElement() {
    if (sheet) { return sheet; }
    sheet = document.createElement("div");
    sheet.className = "siglum-sheet";
    sheet.id = "siglum-sheet";
    sheet.setAttribute("role", "dialog");
    sheet.setAttribute("aria-label", "What this mark means");
    sheet.hidden = true;
    var text = document.createElement("p");
    text.className = "siglum-sheet-text";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "siglum-sheet-close";
    close.setAttribute("aria-label", "Close the explanation");
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { closeSheet(true); });
    sheet.append(text, close);
    document.body.appendChild(sheet);
    return sheet;
  }
  function openSheet(siglum) {
    var note = siglum.querySelector(".siglum-note");
    if (!note) { return; }
    var box = sheetElement();
    box.querySelector(".siglum-sheet-text").textContent = note.textContent;
    box.hidden = false;
    sheetFor = siglum;
    openedAt = window.scrollY;
  }
  function closeSheet(refocus) {
    if (!sheet || sheet.hidden) { return; }
    sheet.hidden = true;
    var was = sheetFor;
    sheetFor = null;
    if (refocus && was) { refocusing = true; was.focus({ preventScroll: true }); refocusing = false; }
  }
  root.classList.add("siglum-sheets");
  document.addEventListener("focusin", function (event) {
    var siglum = event.target.closest && event.target.closest(".siglum");
    if (siglum && narrow.matches) { if (!refocusing) { openSheet(siglum); } }
    else if (sheet && !sheet.contains(event.target)) { closeSheet(false); }
  });
  document.addEventListener("pointerdown", function (event) {
    if (!sheet || sheet.hidden) { return; }
    if (sheet.contains(event.target) || (event.target.closest && event.target.closest(".siglum"))) { return; }
    closeSheet(false);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && sheet && !sheet.hidden) { closeSheet(true); }
  });
  window.addEventListener("scroll", function () {
    if (sheet && !sheet.hidden && Math.abs(window.scrollY - openedAt) > 48) { closeSheet(false); }
  }, { passive: true });

  // The theme's "Back to top" button shows while the reader scrolls up, once below the header; but
  // the theme measures the header once, when its script starts, which on a page opened at a passage
  // is after the browser has scrolled there, and the button then shows at the very top. Below the
  // header is marked here, at every scroll, and edition.css hides the button elsewhere.
  function markBelowHeader() {
    var header = document.querySelector(".bd-header");
    root.classList.toggle("edition-below-header", window.scrollY > (header ? header.offsetHeight : 0));
  }
  window.addEventListener("scroll", markBelowHeader, { passive: true });
  markBelowHeader();

  // The sidebar toggles the reader can see (sphinx-book-theme's, in the article's header) do
  // nothing: the themes wire only the first .primary-toggle / .secondary-toggle of the page, the
  // navbar's, which this layout hides (pydata-sphinx-theme issue #2451). A click on any other
  // is passed to that first one, where the themes open the drawer (phone) or fold the sidebar.
  ["primary-toggle", "secondary-toggle"].forEach(function (name) {
    var toggles = document.querySelectorAll("." + name);
    for (var i = 1; i < toggles.length; i++) {
      toggles[i].addEventListener("click", function (event) {
        event.preventDefault();
        toggles[0].click();
      });
    }
  });
})();

// Opened from disk (file://), the browser blocks what the pages load as modules or fetch: the live
// charts, search and the cite control. Say so plainly, with the one command that serves the
// folder. This notice loads nothing itself, so it adds no error of its own.
(function () {
  if (location.protocol !== "file:") { return; }
  function showServeNotice() {
    if (document.getElementById("serve-notice")) { return; }
    var root = document.documentElement.dataset.content_root || "./";
    var folder = decodeURIComponent(new URL(root, location.href).pathname).replace(/\/$/, "");
    var notice = document.createElement("div");
    notice.id = "serve-notice";
    notice.className = "serve-notice";
    notice.setAttribute("role", "note");
    var intro = document.createElement("p");
    intro.textContent = "This page was opened from disk. The edition must be served: from a file, the browser " +
      "blocks the interactive charts, search and the cite control. Serve the folder with";
    var command = document.createElement("code");
    command.textContent = "python3 -m http.server -d " + (/\s/.test(folder) ? "'" + folder + "'" : folder);
    var visit = document.createElement("p");
    visit.textContent = "and open http://127.0.0.1:8000/ instead.";
    notice.append(intro, command, visit);
    var main = document.querySelector(".bd-article, main, [role=main]") || document.body;
    main.insertBefore(notice, main.firstChild);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", showServeNotice); } else { showServeNotice(); }
})();
