/* sphinx-podcast-ext: click-to-load video players.
 *
 * Each `.podcast-embed[data-podcast-embed]` holds a plain link to the video, so
 * the page works without JavaScript. Here the link becomes a button; only when
 * it is clicked is the privacy-enhanced player (youtube-nocookie.com) inserted,
 * so no request reaches a third party before the reader asks for it.
 */
(function () {
  "use strict";

  var PLAYER_PREFIX = "https://www.youtube-nocookie.com/embed/";

  function loadPlayer(container, button) {
    var src = container.getAttribute("data-embed-src") || "";
    if (src.indexOf(PLAYER_PREFIX) !== 0) {
      return;
    }
    var iframe = document.createElement("iframe");
    iframe.src = src;
    iframe.title = container.getAttribute("data-embed-title") || "Video player";
    iframe.setAttribute("loading", "lazy");
    iframe.setAttribute("allow", container.getAttribute("data-embed-allow") || "");
    iframe.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    iframe.setAttribute("allowfullscreen", "");
    iframe.className = "podcast-embed__frame";
    container.replaceChild(iframe, button);
    container.classList.add("podcast-embed--loaded");
    iframe.focus();
  }

  function upgrade(container) {
    var link = container.querySelector("a.podcast-embed__link");
    if (!link || container.getAttribute("data-embed-ready") === "true") {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "podcast-embed__button";
    while (link.firstChild) {
      button.appendChild(link.firstChild);
    }
    button.addEventListener("click", function () {
      loadPlayer(container, button);
    });
    container.replaceChild(button, link);
    container.setAttribute("data-embed-ready", "true");
  }

  function init() {
    var containers = document.querySelectorAll(".podcast-embed[data-podcast-embed]");
    Array.prototype.forEach.call(containers, upgrade);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
