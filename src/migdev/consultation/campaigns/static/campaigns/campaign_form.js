/* The new-campaign form: "All of <region>" checks or clears the States of
   its region, and shows whether all, some or none of them are checked;
   checking a State chooses "The States chosen below". Without script, each
   State is still a checkbox. */
(function () {
  "use strict";
  function boxes(region) {
    return Array.prototype.slice.call(
      region.querySelectorAll('input[name="states"]:not([disabled])')
    );
  }
  function refresh(region) {
    var all = region.querySelector("input[data-select-all]");
    var states = boxes(region);
    var checked = states.filter(function (box) { return box.checked; }).length;
    all.checked = states.length > 0 && checked === states.length;
    all.indeterminate = checked > 0 && checked < states.length;
  }
  function chooseStates(form) {
    var chosen = form.querySelector('input[name="recipients_mode"][value="chosen"]');
    if (chosen && !chosen.disabled) { chosen.checked = true; }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.campaign-form");
    if (!form) { return; }
    form.querySelectorAll("fieldset.region").forEach(function (region) {
      refresh(region);
      region.addEventListener("change", function (event) {
        var target = event.target;
        if (target.hasAttribute("data-select-all")) {
          boxes(region).forEach(function (box) { box.checked = target.checked; });
        }
        refresh(region);
        if (target.checked) { chooseStates(form); }
      });
    });
    var summary = form.parentNode.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
