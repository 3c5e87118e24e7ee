// Progressive enhancement: quote the text selected in the answer, and hide the
// passage field of an unchecked theme. Without script, every field shows.
(function () {
  var answer = document.getElementById("answer");
  var lastSelection = "";
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    if (sel && sel.rangeCount && answer.contains(sel.anchorNode) && String(sel).trim()) {
      lastSelection = String(sel).trim();
    }
  });
  document.querySelectorAll(".coding-theme").forEach(function (row) {
    var box = row.querySelector("input[type=checkbox]");
    var field = row.querySelector(".quote-field");
    var button = row.querySelector(".quote-selection");
    var area = row.querySelector("textarea");
    button.hidden = false;
    function sync() { field.hidden = !box.checked && !area.value; }
    box.addEventListener("change", sync);
    sync();
    button.addEventListener("click", function () {
      if (!lastSelection) { answer.focus(); return; }
      area.value = lastSelection;
      box.checked = true;
      sync();
      area.focus();
    });
  });
})();
