// The kiosk clears itself: after data-kiosk-clear-after seconds without a touch, a key or a scroll, it goes
// back to the empty guest book (data-kiosk-empty-url), so the next visitor sees nothing of the last one.
(function () {
  "use strict";
  var body = document.body;
  var seconds = parseInt(body.getAttribute("data-kiosk-clear-after"), 10);
  var emptyUrl = body.getAttribute("data-kiosk-empty-url");
  if (!seconds || !emptyUrl) {
    return;
  }
  var timer = null;
  function clearKiosk() {
    window.location.replace(emptyUrl);
  }
  function restart() {
    window.clearTimeout(timer);
    timer = window.setTimeout(clearKiosk, seconds * 1000);
  }
  ["pointerdown", "keydown", "input", "touchstart", "scroll"].forEach(function (name) {
    window.addEventListener(name, restart, { passive: true, capture: true });
  });
  restart();
})();
