// Live code on the chart pages. The "Live code" button loads the Thebe client that the book vendors
// into _static/thebe/ (nothing of it is fetched before the click), starts it with explicit options
// from _static/live-code.json (a Jupyter server named by the book, or else Binder), and turns the
// page's code cells into editable cells that run on that kernel. Charts drawn by a cell come from
// the book's own renderer. If no kernel can be had, the page is put back as it was, with a message.
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

  function bootstrapOptions(config) {
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
                                 token: config.server.token, appendToken: true };
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
    say(status, "Loading the live-code client…", "busy");
    fetch(assets + "live-code.json")
      .then(function (response) {
        if (!response.ok) { throw new Error("the live-code settings are missing"); }
        return response.json();
      })
      .then(function (settings) {
        config = settings;
        if (config.unavailable) { throw new Error(config.unavailable); }
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
        var started = window.thebe.bootstrap(bootstrapOptions(config));
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
