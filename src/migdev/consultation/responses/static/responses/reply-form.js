(function () {
  /* Show or hide questions as answers change; the server applies the same rules. */
  var form = document.querySelector(".reply-form");
  if (!form) return;
  function val(name) {
    var els = form.querySelectorAll('[name="a-' + name + '"]'), out = [];
    els.forEach(function (el) { if ((el.type !== "radio" && el.type !== "checkbox") || el.checked) { if (el.value) out.push(el.value); } });
    return out;
  }
  function test(expr) {
    var m = expr.match(/^\s*\$\{([\w.\-]+)\}\s*(!?=)\s*'([^']*)'\s*$/);
    if (m) { var v = val(m[1]).join(" "); return m[2] === "=" ? v === m[3] : v !== m[3]; }
    m = expr.match(/^\s*selected\(\s*\$\{([\w.\-]+)\}\s*,\s*'([^']*)'\s*\)\s*$/);
    if (m) { return val(m[1]).indexOf(m[2]) >= 0; }
    return null; /* other conditions: leave as the server drew them */
  }
  function apply() {
    form.querySelectorAll("[data-relevant]").forEach(function (el) {
      var r = test(el.getAttribute("data-relevant"));
      if (r !== null) el.hidden = !r;
    });
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function () {
    form.querySelectorAll("button[type=submit]").forEach(function (b) { setTimeout(function () { b.disabled = true; }, 0); });
  });
})();
