/* The world map page: pointing at a country, or reaching it with the Tab
   key, writes its name and value (the area's aria-label) in the readout. */
(function () {
  "use strict";
  function ready() {
    var map = document.getElementById("world-map");
    var readout = document.getElementById("map-readout");
    if (!map || !readout) {
      return;
    }
    function show(event) {
      var area = event.target.closest ? event.target.closest("[data-class]") : null;
      if (area && map.contains(area)) {
        readout.textContent = area.getAttribute("aria-label") || "";
      }
    }
    map.addEventListener("focusin", show);
    map.addEventListener("mouseover", show);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
