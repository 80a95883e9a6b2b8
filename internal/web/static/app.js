// Guichet keyboard shortcuts and list filters. The pages work without this
// file; it only adds j/k to move, o/Enter to open, r reply, n note, h hand
// off, / search, ? help, and filtering the hand-off picker as one types.
(function () {
  "use strict";

  function typing(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  function items() {
    var rows = document.querySelectorAll("table.requests tr.row");
    if (rows.length) return rows;
    return document.querySelectorAll(".messages .msg");
  }

  function selectedIndex(list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].classList.contains("selected")) return i;
    }
    return -1;
  }

  function move(delta) {
    var list = items();
    if (!list.length) return;
    var i = selectedIndex(list);
    var next = i < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, i + delta));
    if (i >= 0) list[i].classList.remove("selected");
    var el = list[next];
    el.classList.add("selected");
    var link = el.querySelector("td.subject a");
    (link || el).focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }

  function openSelected() {
    var list = document.querySelectorAll("table.requests tr.row");
    var i = selectedIndex(list);
    if (i >= 0 && list[i].dataset.href) window.location.assign(list[i].dataset.href);
  }

  function focusShortcut(key) {
    var el = document.querySelector('[data-shortcut="' + key + '"]');
    if (!el) return false;
    el.scrollIntoView({ block: "center" });
    el.focus();
    return true;
  }

  function toggleHelp() {
    var d = document.getElementById("help");
    if (!d || typeof d.showModal !== "function") return;
    if (d.open) d.close(); else d.showModal();
  }

  // Keys that move the focus into a text field act on keyup, once the key
  // press is over, so that the key itself is never typed into the field.
  var pendingFocus = null;

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (typing(e.target)) {
      if (e.key === "Escape") e.target.blur();
      return;
    }
    var handled = true;
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "o": openSelected(); break;
      case "Enter":
        if (document.activeElement === document.body) openSelected(); else handled = false;
        break;
      case "r": case "n": case "h": case "/":
        handled = !!document.querySelector('[data-shortcut="' + e.key + '"]');
        if (handled) pendingFocus = e.key;
        break;
      case "?": toggleHelp(); break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });

  // Search boxes that filter a list as one types ([data-filter] names the
  // items; each item's data-search holds its folded text). Hidden without
  // JavaScript, where the directory page does the search instead.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  document.querySelectorAll("input[data-filter]").forEach(function (input) {
    input.hidden = false;
    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      document.querySelectorAll(input.dataset.filter).forEach(function (item) {
        var hay = item.dataset.search || "";
        item.hidden = !words.every(function (w) {
          return hay.indexOf(w.length > 3 ? w.replace(/[sx]$/, "") : w) >= 0;
        });
      });
    });
  });

  document.addEventListener("keyup", function (e) {
    if (pendingFocus !== null && e.key === pendingFocus) {
      pendingFocus = null;
      focusShortcut(e.key);
      e.preventDefault();
    }
  });
})();
