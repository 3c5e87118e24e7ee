/* The world map page. Pointing at a country, or reaching it by keyboard,
   writes its name and value (the area's aria-label) in the readout.

   The map is one Tab stop (a roving tabindex, as composite widgets do): the
   Tab key enters it on one country and leaves it on the next thing of the
   page; inside, the arrow keys go from country to country in alphabetical
   order (Home, End: first, last; a letter: the next name that starts with
   it). The search box lists the same names and gives the same value.
   Without this script every country is a Tab stop, after a skip link. */
(function () {
  "use strict";
  function ready() {
    var map = document.getElementById("world-map");
    var readout = document.getElementById("map-readout");
    if (!map || !readout) {
      return;
    }
    var lang = document.documentElement.lang || "en";
    var rtl = document.documentElement.dir === "rtl";
    var collator = new Intl.Collator(lang);

    function nameOf(area) {
      var label = area.getAttribute("aria-label") || "";
      var cut = label.lastIndexOf(": ");
      return cut > 0 ? label.slice(0, cut) : label;
    }

    var areas = Array.prototype.slice.call(map.querySelectorAll("[data-class][aria-label]"));
    areas.sort(function (a, b) {
      return collator.compare(nameOf(a), nameOf(b));
    });
    var current = null;

    function say(area) {
      readout.textContent = area.getAttribute("aria-label") || "";
    }

    function choose(area, focus) {
      if (current) {
        current.setAttribute("tabindex", "-1");
        current.classList.remove("is-chosen");
      }
      current = area;
      area.setAttribute("tabindex", "0");
      area.classList.add("is-chosen");
      say(area);
      if (focus) {
        area.focus();
      }
    }

    if (areas.length) {
      areas.forEach(function (area) {
        area.setAttribute("tabindex", "-1");
      });
      areas[0].setAttribute("tabindex", "0");
      current = areas[0];
    }

    map.addEventListener("focusin", function (event) {
      var area = event.target.closest ? event.target.closest("[data-class]") : null;
      if (area && map.contains(area) && areas.indexOf(area) >= 0) {
        choose(area, false);
      }
    });
    map.addEventListener("mouseover", function (event) {
      var area = event.target.closest ? event.target.closest("[data-class]") : null;
      if (area && map.contains(area)) {
        say(area);
      }
    });

    var forward = rtl ? "ArrowLeft" : "ArrowRight";
    var backward = rtl ? "ArrowRight" : "ArrowLeft";
    map.addEventListener("keydown", function (event) {
      if (!areas.length || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var at = Math.max(areas.indexOf(current), 0);
      var to = null;
      if (event.key === forward || event.key === "ArrowDown") {
        to = Math.min(at + 1, areas.length - 1);
      } else if (event.key === backward || event.key === "ArrowUp") {
        to = Math.max(at - 1, 0);
      } else if (event.key === "Home") {
        to = 0;
      } else if (event.key === "End") {
        to = areas.length - 1;
      } else if (event.key.length === 1 && event.key.trim()) {
        var letter = event.key.toLocaleLowerCase(lang);
        for (var step = 1; step <= areas.length; step += 1) {
          var i = (at + step) % areas.length;
          if (nameOf(areas[i]).toLocaleLowerCase(lang).indexOf(letter) === 0) {
            to = i;
            break;
          }
        }
      }
      if (to !== null) {
        event.preventDefault();
        choose(areas[to], true);
      }
    });

    // The search box: the same names, the same value.
    var row = document.getElementById("map-find-row");
    var find = document.getElementById("map-find");
    var list = document.getElementById("map-names");
    if (!row || !find || !list || !areas.length) {
      return;
    }
    var byName = {};
    areas.forEach(function (area) {
      var name = nameOf(area);
      byName[name.toLocaleLowerCase(lang)] = area;
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
    row.hidden = false;
    function found() {
      return byName[find.value.trim().toLocaleLowerCase(lang)] || null;
    }
    find.addEventListener("input", function () {
      var area = found();
      if (area) {
        choose(area, false);
      }
    });
    find.addEventListener("keydown", function (event) {
      var area = found();
      if (event.key === "Enter" && area) {
        event.preventDefault();
        choose(area, true);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
