/* sphinx-podcast-ext: click-to-load video players, audio players and chapters.
 *
 * Each `.podcast-embed[data-podcast-embed]` holds a plain link to the video, so
 * the page works without JavaScript. Here the link becomes a button; only when
 * it is pressed is the privacy-enhanced player (youtube-nocookie.com) inserted,
 * so no request reaches a third party before the reader asks for it.
 *
 * Chapters and time links (`a.podcast-chapter`, `a.podcast-timestamp`,
 * `a.podcast-quote__time`) open the episode at their time. On a page whose
 * player plays that episode they move the player instead: the audio element
 * jumps there; the video player is loaded there (or reloaded, once loaded).
 */
(function () {
  "use strict";

  var PLAYER_PREFIX = "https://www.youtube-nocookie.com/embed/";
  var TIME_LINKS = "a.podcast-chapter, a.podcast-timestamp, a.podcast-quote__time";

  function embedSource(container, seconds) {
    var src = container.getAttribute("data-embed-src") || "";
    if (src.indexOf(PLAYER_PREFIX) !== 0) {
      return "";
    }
    if (seconds === null || seconds === undefined) {
      return src;
    }
    var url = new URL(src);
    url.searchParams.set("start", String(seconds));
    url.searchParams.set("autoplay", "1");
    return url.toString();
  }

  function loadPlayer(container, seconds) {
    var src = embedSource(container, seconds);
    if (!src) {
      return;
    }
    var frame = container.querySelector("iframe.podcast-embed__frame");
    if (frame) {
      frame.src = src;
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
    var placeholder = container.querySelector(".podcast-embed__button, .podcast-embed__link");
    if (placeholder) {
      container.replaceChild(iframe, placeholder);
    } else {
      container.appendChild(iframe);
    }
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
      loadPlayer(container, null);
    });
    container.replaceChild(button, link);
    container.setAttribute("data-embed-ready", "true");
  }

  /* The time a link opens the episode at, in seconds, or null. */
  function secondsOf(link) {
    var given = link.getAttribute("data-seconds");
    if (given !== null && /^\d+$/.test(given)) {
      return parseInt(given, 10);
    }
    var href = link.getAttribute("href") || "";
    var match = /[?&]t=(\d+)s?(?:&|#|$)/.exec(href) || /#t=(\d+)/.exec(href);
    return match ? parseInt(match[1], 10) : null;
  }

  function videoIdOf(href) {
    var match = /[?&]v=([A-Za-z0-9_-]{11})/.exec(href);
    return match ? match[1] : null;
  }

  function withoutFragment(url) {
    var index = url.indexOf("#");
    return index < 0 ? url : url.slice(0, index);
  }

  /* The player on this page that plays the episode *link* opens, if any. */
  function playerFor(link) {
    var href = link.getAttribute("href") || "";
    var id = videoIdOf(href);
    if (id) {
      var card = document.querySelector('section.podcast-episode[data-video-id="' + id + '"]');
      return card ? card.querySelector(".podcast-embed[data-podcast-embed]") : null;
    }
    var audios = document.querySelectorAll("audio.podcast-audio__player");
    for (var i = 0; i < audios.length; i += 1) {
      if (withoutFragment(audios[i].getAttribute("src") || "") === withoutFragment(href)) {
        return audios[i];
      }
    }
    return null;
  }

  function markChapter(player, seconds) {
    var card = player.closest("section.podcast-episode");
    if (!card) {
      return;
    }
    var chapters = card.querySelectorAll("a.podcast-chapter");
    Array.prototype.forEach.call(chapters, function (chapter) {
      if (secondsOf(chapter) === seconds) {
        chapter.setAttribute("aria-current", "true");
      } else {
        chapter.removeAttribute("aria-current");
      }
    });
    card.setAttribute("data-podcast-time", String(seconds));
  }

  /* Move an audio element to *seconds*: at once if it knows its media, else as soon as it
   * does (loading resets the position, so a time set before would be lost). */
  function seekAudio(audio, seconds) {
    if (audio.readyState >= 1) {
      audio.currentTime = seconds;
    } else {
      audio.addEventListener(
        "loadedmetadata",
        function () {
          audio.currentTime = seconds;
        },
        { once: true }
      );
    }
  }

  function seek(player, seconds) {
    if (player.tagName === "AUDIO") {
      player.setAttribute("data-podcast-seeking", "true");
      seekAudio(player, seconds);
      var playing = player.play();
      if (playing && playing.catch) {
        playing.catch(function () {});
      }
    } else {
      loadPlayer(player, seconds);
    }
    markChapter(player, seconds);
  }

  function onTimeLink(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey ||
        event.shiftKey || event.altKey) {
      return;
    }
    var link = event.target.closest ? event.target.closest(TIME_LINKS) : null;
    if (!link) {
      return;
    }
    var seconds = secondsOf(link);
    var player = seconds === null ? null : playerFor(link);
    if (!player) {
      return;
    }
    event.preventDefault();
    seek(player, seconds);
    player.scrollIntoView({ block: "nearest" });
  }

  /* An audio episode with a start time starts there on its first play. */
  function startAudio(audio) {
    var start = parseInt(audio.getAttribute("data-start") || "", 10);
    if (!start) {
      return;
    }
    audio.addEventListener(
      "play",
      function () {
        if (audio.currentTime < 1 && !audio.hasAttribute("data-podcast-seeking")) {
          seekAudio(audio, start);
        }
      },
      { once: true }
    );
  }

  /* Chapters are open beside the player on wide screens, one line under it on phones. */
  function openChapters() {
    if (!window.matchMedia || !window.matchMedia("(min-width: 960px)").matches) {
      return;
    }
    var lists = document.querySelectorAll("details.podcast-chapters__details");
    Array.prototype.forEach.call(lists, function (details) {
      details.open = true;
    });
  }

  /* Artwork that fails to load (a moved file, no network) leaves the styled ground
   * rather than a broken-image icon. */
  function hideIfBroken(img) {
    var hide = function () {
      img.hidden = true;
    };
    if (img.complete && img.naturalWidth === 0) {
      hide();
    } else {
      img.addEventListener("error", hide, { once: true });
    }
  }

  function init() {
    var artwork = document.querySelectorAll("img.podcast-embed__poster, img.podcast-audio__art");
    Array.prototype.forEach.call(artwork, hideIfBroken);
    var containers = document.querySelectorAll(".podcast-embed[data-podcast-embed]");
    Array.prototype.forEach.call(containers, upgrade);
    Array.prototype.forEach.call(document.querySelectorAll("audio.podcast-audio__player"), startAudio);
    openChapters();
    document.addEventListener("click", onTimeLink);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
