/* Behaviour shared by the site's pages, kept out of the HTML so that the
   Content-Security-Policy can refuse every inline script. */
(function () {
  "use strict";
  /* A form with data-confirm asks before it is sent. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-no-submit")) {
      event.preventDefault();
      return;
    }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  /* A field with data-select-on-focus selects its text (a link to copy). */
  document.addEventListener("focusin", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-select-on-focus")) {
      event.target.select();
    }
  });
  /* A bar whose length the server computed: data-bar="42" is 42 px long. */
  function bars() {
    document.querySelectorAll("[data-bar]").forEach(function (el) {
      el.style.inlineSize = parseFloat(el.getAttribute("data-bar")) + "px";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bars);
  } else {
    bars();
  }
})();
