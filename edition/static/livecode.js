// Live code on the chart pages. The "Live code" button loads the Thebe client that the book vendors
// into _static/thebe/ (nothing of it is fetched before the click), starts it with explicit options
// from _static/live-code.json (a Jupyter server named by the book, or else Binder), and turns the
// page's code cells into editable cells that run on that kernel. Charts drawn by a cell come from
// the book's own renderer. If no kernel can be had, the page is put back as it was, with a message.
// A Jupyter server's token is never in the site: when the settings say the server needs one
// (askToken), the page asks the reader for it at the click and keeps it in this tab's sessionStorage
// only (forgotten when the tab closes, or when the server refuses it).
(function () {
  "use strict";
  var root = document.documentElement.dataset.content_root || "./";
  var assets = root + "_static/";
  var TIMEOUT = { server: 60000, binder: 600000 };

  function codeCells() {
    return Array.prototype.filter.call(document.querySelectorAll("div.cell"), function (cell) {
      return cell.querySelector(".cell_input pre");
    });
  }

  function say(status, text, state) {
    status.textContent = text;
    status.dataset.state = state;
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("the live-code client could not be loaded")); };
      document.head.appendChild(script);
    });
  }

  function loadStyle(href) {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function withTimeout(promise, ms, what) {
    return Promise.race([promise, new Promise(function (_, reject) {
      setTimeout(function () { reject(new Error(what + " did not answer within " + Math.round(ms / 1000) + " s")); }, ms);
    })]);
  }

  // Thebe pairs the n-th [data-executable] with the n-th [data-output]: give every code cell exactly one.
  function prepare(cells) {
    var saved = cells.map(function (cell) { return { cell: cell, html: cell.innerHTML }; });
    cells.forEach(function (cell) {
      cell.querySelectorAll("details").forEach(function (details) { details.open = true; });
      var pre = cell.querySelector(".cell_input pre");
      pre.setAttribute("data-executable", "true");
      pre.setAttribute("data-language", "python");
      var output = cell.querySelector(".cell_output");
      if (!output) {
        output = document.createElement("div");
        output.className = "cell_output";
        cell.appendChild(output);
      }
      output.setAttribute("data-output", "");
    });
    return saved;
  }

  function restore(saved) {
    saved.forEach(function (item) { item.cell.innerHTML = item.html; });
  }

  function tokenKey(server) { return "edition-live-code-token " + server.baseUrl; }

  // A small modal dialog: the reader types the token the server's owner gave them (a class, a reader).
  function askForToken(server) {
    return new Promise(function (resolve, reject) {
      var dialog = document.createElement("dialog");
      dialog.className = "live-code-token";
      dialog.setAttribute("aria-labelledby", "live-code-token-title");
      dialog.innerHTML = '<form method="dialog"><h2 id="live-code-token-title">Token for the Jupyter server</h2>' +
        '<p>The server <code></code> runs this page\u2019s code for readers who have its token. It is kept in ' +
        "this tab only, until you close it.</p>" +
        '<p><label for="live-code-token-input">Token</label> <input id="live-code-token-input" type="password" ' +
        'autocomplete="off" spellcheck="false" required></p>' +
        '<p class="live-code-token-buttons"><button type="submit" value="connect">Connect</button> ' +
        '<button type="button" class="live-code-token-cancel">Cancel</button></p></form>';
      dialog.querySelector("code").textContent = server.baseUrl;
      var input = dialog.querySelector("input");
      dialog.querySelector(".live-code-token-cancel").addEventListener("click", function () { dialog.close("cancel"); });
      dialog.addEventListener("close", function () {
        var token = dialog.returnValue === "connect" ? input.value.trim() : "";
        dialog.remove();
        if (token) { resolve(token); } else { reject(new Error("no token was given for the Jupyter server")); }
      });
      document.body.appendChild(dialog);
      dialog.showModal();
      input.focus();
    });
  }

  function serverToken(server) {
    if (!server.askToken) { return Promise.resolve(""); }
    var kept = null;
    try { kept = window.sessionStorage.getItem(tokenKey(server)); } catch (error) { kept = null; }
    if (kept) { return Promise.resolve(kept); }
    return askForToken(server).then(function (token) {
      try { window.sessionStorage.setItem(tokenKey(server), token); } catch (error) { /* kept for this click only */ }
      return token;
    });
  }

  function forgetToken(server) {
    try { window.sessionStorage.removeItem(tokenKey(server)); } catch (error) { /* nothing was kept */ }
  }

  function bootstrapOptions(config, token) {
    var options = {
      requestKernel: true, useJupyterLite: false, mathjaxUrl: "", predefinedOutput: true,
      mountStatusWidget: false, mountActivateWidget: false,
      selector: "[data-executable]", outputSelector: "[data-output]",
      kernelOptions: { kernelName: config.kernelName, path: config.path },
      savedSessionOptions: { enabled: false }
    };
    if (config.server) {
      options.useBinder = false;
      options.serverSettings = { baseUrl: config.server.baseUrl, wsUrl: config.server.wsUrl,
                                 token: token, appendToken: true };
    } else {
      options.useBinder = true;
      options.binderOptions = config.binder;
    }
    return options;
  }

  function start(button, status, cells) {
    button.disabled = true;
    var saved = null;
    var config = null;
    var token = "";
    say(status, "Loading the live-code client…", "busy");
    fetch(assets + "live-code.json")
      .then(function (response) {
        if (!response.ok) { throw new Error("the live-code settings are missing"); }
        return response.json();
      })
      .then(function (settings) {
        config = settings;
        if (config.unavailable) { throw new Error(config.unavailable); }
        return config.server ? serverToken(config.server) : "";
      })
      .then(function (given) {
        token = given;
        loadStyle(assets + "thebe/thebe.css");
        return loadScript(assets + "thebe/index.js");
      })
      .then(function () {
        say(status, config.server ? "Connecting to the Jupyter server…"
          : "Asking Binder for a kernel: building or starting it can take a minute or more…", "busy");
        window.thebe.on("status", function (_, event) {
          if (event && event.message && status.dataset.state === "busy") { say(status, "Starting: " + event.message, "busy"); }
        });
        saved = prepare(cells);
        var started = window.thebe.bootstrap(bootstrapOptions(config, token));
        return withTimeout(started, config.server ? TIMEOUT.server : TIMEOUT.binder, "the kernel");
      })
      .then(function (result) {
        if (!result || !result.session) { throw new Error("no kernel session could be started"); }
        // The cells draw charts with the book's own renderer, as in the built page.
        return result.session.kernel.requestExecute(
          { code: "import os; os.environ['EDITION_OUTPUT'] = 'book'", silent: true, store_history: false }).done;
      })
      .then(function () {
        document.documentElement.classList.add("live-code-on");
        say(status, "Live: edit a cell and run it (its run button, or Shift+Enter).", "ready");
      })
      .catch(function (error) {
        if (saved) { restore(saved); }
        if (config && config.server) { forgetToken(config.server); }  // a refused token is asked for again
        button.disabled = false;
        say(status, "No kernel could be started (" + error.message + "). The page is as it was; " +
          "the launch button above opens the notebook on Binder instead.", "failed");
      });
  }

  // The button and its status line are in the page already (written at build time, before the
  // first code cell): the script only wires them up.
  function wireButton() {
    var cells = codeCells();
    var bar = document.querySelector(".live-code");
    if (!cells.length || !bar) { return; }
    var button = bar.querySelector(".live-code-button");
    var status = bar.querySelector(".live-code-status");
    button.addEventListener("click", function () { start(button, status, cells); });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", wireButton); } else { wireButton(); }
})();
