// The requester portal's new-request form: suggests the department from what
// the requester types, asking the server as they type (the form works
// without this file: its "suggest" button asks the server instead).
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.getElementById("new-request");
  var choices = document.getElementById("nr-choices");
  var status = document.getElementById("nr-suggest-status");
  if (!form || !choices || !status) return;
  var fields = form.querySelectorAll("[data-suggest]");
  var picked = !!form.querySelector("input[name=department]:checked");
  var timer = null, asked = "";

  form.addEventListener("change", function (e) {
    if (e.target.name === "department" && e.isTrusted) picked = true;
  });

  function text() {
    var parts = [];
    fields.forEach(function (f) { parts.push(f.value); });
    return parts.join("\n").slice(0, 2000);
  }

  function show(ids) {
    var items = Array.prototype.slice.call(choices.querySelectorAll(".dept-choice"));
    items.sort(function (a, b) {
      var ia = ids.indexOf(Number(a.dataset.dept)), ib = ids.indexOf(Number(b.dataset.dept));
      if (ia < 0) ia = ids.length;
      if (ib < 0) ib = ids.length;
      return ia - ib;
    });
    items.forEach(function (item) {
      var on = ids.indexOf(Number(item.dataset.dept)) >= 0;
      item.classList.toggle("suggested", on);
      item.querySelector(".suggested-tag").hidden = !on;
      choices.appendChild(item);
    });
    if (ids.length && !picked) {
      var radio = document.getElementById("nr-dept-" + ids[0]);
      if (radio) radio.checked = true;
    }
    status.textContent = ids.length ? status.dataset.found : (asked.trim() ? status.dataset.none : "");
  }

  function ask() {
    var q = text();
    if (q === asked) return;
    asked = q;
    fetch("/portal/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (list) {
        if (q === asked) show(list.map(function (d) { return d.id; }));
      })
      .catch(function () {});
  }

  fields.forEach(function (f) {
    f.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 300);
    });
  });
})();
