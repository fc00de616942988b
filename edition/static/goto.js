// On the pages that place passages (issue 24):
// - the "Go to ¶" form (edition/sphinxext/navigation.py): 4.30 (or ¶ 4.30) goes to #p-4.30, on this
//   page or on the chapter that holds it; without this script the form sends the number to search;
// - a passage opened from the search page (?found=words#p-4.22; not ?highlight=, which Sphinx's own highlighter takes and removes): the passage is highlighted by
//   CSS (:target); here the words searched for are marked in its text.
(function () {
  "use strict";

  var NUMBER = /^\s*(?:¶|§|p\.?)?\s*(\d{1,2})\.(\d{1,3}[a-z]?)\s*$/i;

  function goTo(form) {
    var input = form.querySelector("input");
    var status = form.querySelector(".goto-status");
    var match = input.value.match(NUMBER);
    status.textContent = "";
    if (!match) {
      status.textContent = "Type a passage number, such as 4.30.";
      return;
    }
    var id = match[1] + "." + match[2].toLowerCase();
    if ((" " + (form.dataset.passages || "") + " ").indexOf(" " + id + " ") < 0) {
      status.textContent = "There is no ¶ " + id + ".";
      return;
    }
    var target = document.getElementById("p-" + id);
    if (target) {
      if (location.hash === "#p-" + id) target.scrollIntoView();
      else location.hash = "p-" + id;
      var number = target.querySelector(".passage-number");
      if (number) number.focus({ preventScroll: true });
      return;
    }
    var chapters = JSON.parse(form.dataset.chapters || "{}");
    var page = chapters[String(Number(match[1]))];
    if (page) {
      location.href = page + "#p-" + id;
      return;
    }
    status.textContent = "There is no ¶ " + id + ".";
  }

  function wire() {
    document.querySelectorAll("form.goto-passage").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        goTo(form);
      });
    });
  }

  // The words searched for, marked in the passage a search opened (its text, not its controls).
  function markSearched() {
    var words = new URLSearchParams(location.search).get("found");
    var target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    var passage = target && target.closest(".passage");
    if (!words || !passage) return;
    var terms = words
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(function (term) {
        return term.length > 1;
      })
      .map(function (term) {
        return term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      });
    if (!terms.length) return;
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + terms.join("|") + ")", "giu");
    var parts = target.classList.contains("passage-notes") ? [target] : passage.querySelectorAll(".passage-text, .passage-notes");
    parts.forEach(function (part) {
      var walker = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
      var texts = [];
      while (walker.nextNode()) texts.push(walker.currentNode);
      texts.forEach(function (text) {
        var value = text.nodeValue;
        pattern.lastIndex = 0;
        if (!pattern.test(value)) return;
        pattern.lastIndex = 0;
        var fragment = document.createDocumentFragment();
        var last = 0;
        value.replace(pattern, function (all, before, word, offset) {
          var at = offset + before.length;
          fragment.appendChild(document.createTextNode(value.slice(last, at)));
          var mark = document.createElement("mark");
          mark.className = "search-hit";
          mark.textContent = word;
          fragment.appendChild(mark);
          last = at + word.length;
          return all;
        });
        fragment.appendChild(document.createTextNode(value.slice(last)));
        text.parentNode.replaceChild(fragment, text);
      });
    });
  }

  // A page opened at a passage: once the page's scripts have changed its layout (the text view, the
  // switch), bring the passage back to the top of the screen if it moved away.
  function keepTarget() {
    var target = location.hash.length > 1 && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    var top = target.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight / 3) target.scrollIntoView();
  }

  function start() {
    wire();
    markSearched();
    requestAnimationFrame(keepTarget);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
