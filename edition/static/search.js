// The search page (issue 24): ?q=… searched in the Pagefind index of the book (edition/web/search.py),
// the results grouped, passages first. A passage result opens the passage itself (#p-4.22), with the
// words searched for marked there (goto.js). A passage number (4.22, ¶ 4.22) is looked up exactly,
// by Pagefind's filter "passage", and listed first. Nothing is fetched from another host.
(function () {
  "use strict";

  var GROUPS = [
    ["passage", "Passages"],
    ["note", "Notes on passages"],
    ["entry", "Index entries"],
    ["page", "Pages"],
  ];
  var NUMBER = /^\s*(?:¶|§|p\.?)?\s*(\d{1,2}\.\d{1,3}[a-z]?)\s*$/i;
  var SHOWN = 60; // results whose text is loaded

  function start() {
    var root = document.querySelector(".edition-search");
    if (!root) return;
    var input = root.querySelector("input[name=q]");
    var status = root.querySelector(".search-status");
    var out = root.querySelector("#search-results");
    var query = (new URLSearchParams(location.search).get("q") || "").trim();
    input.value = query;
    if (!query) {
      status.textContent = "Type a name, a word or a passage number, then press Enter.";
      input.focus();
      return;
    }
    document.title = query + " – " + document.title;
    status.textContent = "Searching for “" + query + "”…";
    var site = new URL(document.documentElement.dataset.content_root || "./", location.href);
    import(new URL(root.dataset.pagefind, location.href).href)
      .then(function (pagefind) {
        return pagefind.options({ baseUrl: site.pathname, excerptLength: 26 }).then(function () {
          return search(pagefind, query);
        });
      })
      .then(function (found) {
        show(found, query, status, out);
      })
      .catch(function (error) {
        status.textContent =
          "Search could not start (" + error.message + "). Serve the book from a web server, not from the disk.";
      });
  }

  function search(pagefind, query) {
    var number = query.match(NUMBER);
    var exact = number
      ? pagefind.search(null, { filters: { passage: number[1] } })
      : Promise.resolve({ results: [] });
    var words = number ? Promise.resolve({ results: [] }) : pagefind.search(query);
    return Promise.all([exact, words]).then(function (both) {
      var results = both[0].results.concat(both[1].results).slice(0, SHOWN);
      return Promise.all(
        results.map(function (result) {
          return result.data();
        })
      );
    });
  }

  // Pagefind's excerpt marks the words found with <mark>; everything else is set as text.
  function excerpt(text) {
    var p = document.createElement("p");
    p.className = "search-excerpt";
    var scratch = document.createElement("textarea");
    text.split(/(<mark>[\s\S]*?<\/mark>)/).forEach(function (part) {
      var marked = part.indexOf("<mark>") === 0;
      scratch.innerHTML = marked ? part.slice(6, -7) : part; // decodes the entities Pagefind escaped
      var words = document.createTextNode(scratch.value);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(words);
        p.appendChild(mark);
      } else {
        p.appendChild(words);
      }
    });
    return p;
  }

  function withHighlight(url, query) {
    var hash = url.indexOf("#");
    var path = hash < 0 ? url : url.slice(0, hash);
    var anchor = hash < 0 ? "" : url.slice(hash);
    if (!anchor || NUMBER.test(query)) return url;
    return path + (path.indexOf("?") < 0 ? "?" : "&") + "found=" + encodeURIComponent(query) + anchor;
  }

  function show(found, query, status, out) {
    out.textContent = "";
    if (!found.length) {
      status.textContent = "Nothing found for “" + query + "”. Try another spelling, or a passage number such as 4.22.";
      return;
    }
    var counts = [];
    GROUPS.forEach(function (group) {
      var items = found.filter(function (data) {
        return data.meta.kind === group[0];
      });
      if (!items.length) return;
      counts.push(items.length + " " + group[1].toLowerCase());
      var section = document.createElement("section");
      section.className = "search-group search-group-" + group[0];
      var heading = document.createElement("h2");
      heading.textContent = group[1] + " (" + items.length + ")";
      section.appendChild(heading);
      var list = document.createElement("ol");
      list.className = "search search-results-" + group[0];
      items.forEach(function (data) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = withHighlight(data.url, query);
        var title = document.createElement("span");
        title.className = "search-title";
        title.textContent = data.meta.title;
        link.appendChild(title);
        if (data.meta.chapter) {
          var where = document.createElement("span");
          where.className = "search-where";
          where.textContent = data.meta.chapter;
          link.appendChild(where);
        }
        item.appendChild(link);
        item.appendChild(excerpt(data.excerpt || ""));
        list.appendChild(item);
      });
      section.appendChild(list);
      out.appendChild(section);
    });
    status.textContent = "Found for “" + query + "”: " + counts.join(", ") + ".";
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
