// tutor serve's page: tell textual.js where the websocket is (relative to this page, so the
// page works behind a proxy under https), and start it only once the font is loaded, so the
// terminal measures its cells in the font it draws with.
(function () {
  "use strict";
  var terminal = document.getElementById("terminal");
  var url = new URL("ws", window.location.href);
  url.protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
  url.search = "";
  url.hash = "";
  terminal.dataset.sessionWebsocketUrl = url.toString();

  var start = window.onload;  // set by textual.js
  window.onload = function (event) {
    var go = function () { if (start) { start.call(window, event); } };
    if (document.fonts && document.fonts.load) {
      document.fonts.load("16px 'Roboto Mono'").then(go, go);
    } else {
      go();
    }
  };
  document.getElementById("open-again").addEventListener("click", function () {
    window.location.reload();
  });
})();
