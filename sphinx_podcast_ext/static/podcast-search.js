/* sphinx-podcast-ext: the search page with Pagefind (podcast_search = "pagefind").
 *
 * The page's `[data-podcast-pagefind]` element names the bundle the build wrote
 * (`_pagefind/`, relative to the page). Pagefind's own UI (pagefind-ui.js/.css,
 * from the bundle: nothing is requested from another host) is loaded and started
 * there with the filters; `?q=word` runs a query and `?guest=Name` (any filter)
 * selects a filter value, and both are kept in the address while searching, so
 * a search can be shared and the back button returns to it.
 *
 * Text from the index only ever reaches the page through Pagefind's UI or
 * `textContent`; nothing here builds HTML from strings.
 */
(function () {
  "use strict";

  var INPUT = "input.pagefind-ui__search-input";
  var CHECKBOX = "input.pagefind-ui__filter-checkbox";

  /* Filter values are stored decoded, with < and > as \u2039 and \u203a and an &
   * that could start a character reference as \uff06 (Pagefind's UI shows them as
   * HTML; see search.filter_value): values read from the address are mapped the
   * same way. DOMParser only parses (it runs nothing), so it can decode. */
  function decoded(text) {
    var parser = new DOMParser();
    for (var round = 0; round < 8; round++) {
      var next = parser.parseFromString("<p>" + text.replace(/</g, "&lt;") + "</p>", "text/html")
        .body.textContent || "";
      if (next === text) {
        break;
      }
      text = next;
    }
    return text;
  }

  function filterValue(text) {
    return decoded(text)
      .replace(/</g, "\u2039")
      .replace(/>/g, "\u203a")
      .replace(/&(?=[#A-Za-z0-9])/g, "\uff06");
  }

  function readJson(text) {
    try {
      var value = JSON.parse(text || "{}");
      return value && typeof value === "object" ? value : {};
    } catch (error) {
      return {};
    }
  }

  function showMessage(root, text) {
    var message = root.parentNode.querySelector(".podcast-pagefind__message[role=status]");
    if (message) {
      message.textContent = text;
      message.hidden = false;
    }
  }

  /* Show metadata under the labels of the page's language (Date, Show …). */
  function relabel(labels) {
    return function (result) {
      var meta = {};
      Object.keys(result.meta || {}).forEach(function (key) {
        var label = Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : key;
        meta[label] = result.meta[key];
      });
      result.meta = meta;
      return result;
    };
  }

  /* The address of the current search: ?q=… plus one parameter per checked filter. */
  function remember(root) {
    var params = new URLSearchParams();
    var input = root.querySelector(INPUT);
    if (input && input.value.trim()) {
      params.set("q", input.value.trim());
    }
    root.querySelectorAll(CHECKBOX).forEach(function (box) {
      if (box.checked) {
        params.append(box.name, box.value);
      }
    });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function start(root, bundle) {
    var params = new URLSearchParams(window.location.search);
    var term = (params.get("q") || "").trim();
    var filters = {};
    (root.getAttribute("data-filters") || "").split(/\s+/).forEach(function (name) {
      var values = name ? params.getAll(name).map(filterValue) : [];
      if (values.length) {
        filters[name] = values;
      }
    });
    var ui = new window.PagefindUI({
      element: root,
      bundlePath: bundle,
      showImages: false,
      showSubResults: true,
      showEmptyFilters: false,
      pageSize: 8,
      excerptLength: 30,
      resetStyles: false,
      autofocus: !term,
      highlightParam: "highlight",
      processResult: relabel(readJson(root.getAttribute("data-meta-labels"))),
    });
    // Pagefind's UI takes the filter list from the first search's answer, which has
    // only the filters loaded by then; a search run as the page opens (?q=) could
    // show some groups only. So every filter is loaded first (pagefind.js is one
    // module, shared with the UI), then the address's search is run.
    import(bundle + "pagefind.js")
      .then(function (pagefind) {
        return pagefind.filters();
      })
      .catch(function () {
        return null; // the UI reports a missing or broken bundle itself
      })
      .then(function () {
        if (Object.keys(filters).length) {
          ui.triggerFilters(filters);
        }
        if (term) {
          ui.triggerSearch(term);
        }
      });
    root.addEventListener("input", function (event) {
      if (event.target.matches(INPUT)) {
        remember(root);
      }
    });
    root.addEventListener("change", function (event) {
      if (event.target.matches(CHECKBOX)) {
        remember(root);
      }
    });
  }

  function load(root) {
    var bundle = new URL(root.getAttribute("data-bundle") || "_pagefind/", document.baseURI)
      .pathname;
    var missing = root.getAttribute("data-missing") || "The search index is missing.";
    var style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = bundle + "pagefind-ui.css";
    // Before the page's own styles, so that podcast-search.css adapts Pagefind's.
    var first = document.head.querySelector("link[rel=stylesheet]");
    document.head.insertBefore(style, first);
    var script = document.createElement("script");
    script.src = bundle + "pagefind-ui.js";
    script.onload = function () {
      if (typeof window.PagefindUI === "function") {
        start(root, bundle);
      } else {
        showMessage(root, missing);
      }
    };
    script.onerror = function () {
      showMessage(root, missing);
    };
    document.head.appendChild(script);
  }

  function ready() {
    var root = document.querySelector("[data-podcast-pagefind]");
    if (root) {
      load(root);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
