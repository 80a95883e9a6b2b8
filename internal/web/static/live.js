// Guichet live pages. The page works without this file; with it, the inbox
// and the request page follow changes made by others (another agent, an
// incoming mail) without a reload, and the request page says who else is
// writing. The server streams server-sent events; on a change the page
// fetches itself again and swaps its live regions ([data-live-region]),
// leaving alone a region being edited, so nothing typed is lost.
(function () {
  "use strict";

  var main = document.querySelector("[data-live]");
  if (!main || !window.EventSource || !window.fetch || !window.DOMParser) return;

  var status = document.getElementById("live-status");
  var busy = false, again = false, timer = null;

  // Regions being edited are kept: a focused field inside, a field changed
  // since the page was shown, or a form error the user has not dealt with.
  document.addEventListener("input", markDirty, true);
  document.addEventListener("change", markDirty, true);
  function markDirty(e) {
    var region = e.target.closest && e.target.closest("[data-live-region]");
    if (region && e.target.matches("input, select, textarea") && e.target.type !== "checkbox") region.dataset.dirty = "1";
  }
  function keep(region) {
    return region.dataset.dirty === "1" || region.contains(document.activeElement) && document.activeElement.matches("input:not([type=checkbox]), select, textarea") ||
      !!region.querySelector(".form-error");
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (res) {
        if (!res.ok || res.redirected) throw new Error("live refresh: " + res.status);
        return res.text();
      })
      .then(swap)
      .catch(function () { /* signed out or offline: the page stays as it is */ })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var checked = {}, opened = {};
    document.querySelectorAll("input[type=checkbox]:checked[id]").forEach(function (el) { checked[el.id] = true; });
    document.querySelectorAll("details[open][id]").forEach(function (el) { opened[el.id] = true; });
    var selected = document.querySelector("tr.row.selected");
    var selectedHref = selected && selected.dataset.href;
    var focusID = document.activeElement && document.activeElement.id;
    var changed = false;
    document.querySelectorAll("[data-live-region][id]").forEach(function (old) {
      var fresh = doc.getElementById(old.id);
      if (!fresh || keep(old) || fresh.innerHTML === old.innerHTML) return;
      var node = document.importNode(fresh, true);
      if (node.id === "messages") node.classList.add("live-fresh");
      old.replaceWith(node);
      changed = true;
    });
    if (!changed) return;
    Object.keys(checked).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.checked = true;
    });
    Object.keys(opened).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) el.open = true;
    });
    if (selectedHref) {
      var row = document.querySelector('tr.row[data-href="' + selectedHref + '"]');
      if (row) row.classList.add("selected");
    }
    if (focusID && document.activeElement === document.body) {
      var f = document.getElementById(focusID);
      if (f) f.focus({ preventScroll: true });
    }
    var after = doc.querySelector("[data-live]");
    if (after) main.dataset.live = after.dataset.live;
    if (status) status.textContent = main.dataset.liveUpdated || "";
    document.dispatchEvent(new CustomEvent("guichet:updated"));
  }

  // Changes arrive in bursts (a reply and a status change): wait a moment
  // and refresh once. The inbox hears of every request on a busy desk, so it
  // refreshes at most every few seconds; a request page at once.
  var gap = /[?&]request=/.test(main.dataset.live) ? 0 : 3000, lastRefresh = 0;
  function soon() {
    if (timer) return;
    var wait = Math.max(150, lastRefresh + gap - Date.now());
    timer = setTimeout(function () { timer = null; lastRefresh = Date.now(); refresh(); }, wait);
  }

  var presence = document.getElementById("presence");
  function showPresence(e) {
    if (!presence) return;
    var writers = JSON.parse(e.data).writers || [];
    presence.textContent = writers.map(function (w) {
      var pattern = presence.dataset[w.activity === "note" ? "note" : "reply"] || "%s";
      return pattern.replace("%s", w.name);
    }).join(" · ");
    presence.classList.toggle("active", writers.length > 0);
  }

  var es = new EventSource(main.dataset.live);
  es.addEventListener("change", soon);
  es.addEventListener("reset", soon);
  es.addEventListener("presence", showPresence);
  window.addEventListener("pagehide", function () { es.close(); });

  // Heartbeats while this agent writes a reply or a note, so that others see it.
  var csrf = document.querySelector("input[name=csrf]");
  var number = (location.pathname.match(/^\/requests\/(\d+)$/) || [])[1];
  if (!number || !csrf) return;
  var last = 0;
  function beat(activity) {
    var body = new URLSearchParams();
    body.set("csrf", csrf.value);
    body.set("activity", activity);
    fetch("/requests/" + number + "/presence", { method: "POST", credentials: "same-origin", body: body })
      .catch(function () {});
  }
  document.querySelectorAll("textarea[data-presence]").forEach(function (ta) {
    ta.addEventListener("input", function () {
      var now = Date.now();
      if (now - last > 10000) { last = now; beat(ta.dataset.presence); }
    });
    ta.addEventListener("blur", function () {
      if (ta.value.trim() === "" && last) { last = 0; beat(""); }
    });
  });
})();
