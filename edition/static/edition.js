// The edition's page behaviour: the reading/diplomatic switch (remembered across pages) and
// the citations of a passage (shown by the cite dialog of cite.js). Everything else on the page works without it.
(function () {
  "use strict";
  var KEY = "edition-view";
  var root = document.documentElement;

  function setView(view) {
    root.classList.toggle("view-diplomatic", view === "diplomatic");
    try { localStorage.setItem(KEY, view); } catch (e) { /* private mode: not remembered */ }
    document.querySelectorAll(".view-switch button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.view === view));
    });
  }

  function storedView() {
    try { return localStorage.getItem(KEY) || "reading"; } catch (e) { return "reading"; }
  }
  setView(storedView());

  function addSwitch() {
    var article = document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
    var bar = document.createElement("div");
    bar.className = "view-switch";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Text view");
    bar.innerHTML = '<span>Text view:</span>' +
      '<button type="button" data-view="reading">reading</button>' +
      '<button type="button" data-view="diplomatic">diplomatic</button>';
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

  function citations(id) {
    var meta = window.EDITION || {};
    var url = passageUrl(id);
    var today = new Date().toISOString().slice(0, 10);
    var text = meta.title + ", ed. " + meta.editors + ", version " + meta.version + ", ¶ " + id + ", " + url +
      " (accessed " + today + ").";
    var bibtex = "@incollection{afghan-civil-war-edition-p" + id.replace(/\./g, "-") + ",\n" +
      "  title     = {Passage " + id + "},\n  booktitle = {" + meta.title + "},\n" +
      "  editor    = {" + meta.editors + "},\n  edition   = {" + meta.version + "},\n" +
      "  url       = {" + url + "},\n  urldate   = {" + today + "}\n}";
    var csl = JSON.stringify([{
      id: "afghan-civil-war-edition-p" + id, type: "chapter", title: "Passage " + id,
      "container-title": meta.title, editor: [{ literal: meta.editors }], version: meta.version,
      URL: url, accessed: { "date-parts": [today.split("-").map(Number)] }, locator: id, label: "paragraph"
    }], null, 2);
    return { text: text, bibtex: bibtex, csl: csl, url: url };
  }

  // The cite dialog lives in cite.js and asks this function for the citations of a passage.
  window.editionCitations = citations;

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", addSwitch); } else { addSwitch(); }
})();
