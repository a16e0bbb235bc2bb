/* dateline timeline page: zoom, filters kept in the URL, keyboard moves.
   No inline handlers. Served, the filter form asks the server (query string);
   exported, the same form filters the page itself and keeps its state in the
   fragment, so a view of a file:// page can be shared too. */
(function () {
  "use strict";
  /* "Copy citation": the outlet, title, date, URL and sentence, to the clipboard */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "skip";
    document.body.appendChild(area);
    area.select();
    var ok = document.execCommand && document.execCommand("copy");
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest("button.copy") : null;
    if (!button) { return; }
    ev.preventDefault();
    copyText(button.getAttribute("data-citation")).then(function () {
      button.textContent = "Copied";
      button.classList.add("done");
    }, function () {
      button.textContent = "Select and copy";
    });
  });

  var root = document.querySelector("[data-timeline]");
  if (!root) { return; }
  var isStatic = root.getAttribute("data-mode") === "static";
  var form = document.querySelector("form.filters");
  var shown = document.getElementById("shown");
  var entries = Array.prototype.slice.call(root.querySelectorAll(".entry"));
  var ZOOMS = ["day", "week", "month"];

  function readState() {
    var raw = isStatic ? location.hash.replace(/^#/, "") : location.search.replace(/^\?/, "");
    return new URLSearchParams(raw);
  }

  function formState() {
    var p = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value && !(key === "zoom" && value === "day")) { p.set(key, value); }
    });
    return p;
  }

  function writeState(p) {
    var s = p.toString();
    var url = isStatic
      ? location.pathname + location.search + (s ? "#" + s : "")
      : location.pathname + (s ? "?" + s : "") + location.hash;
    try {
      history.replaceState(null, "", url);
    } catch (e) {
      if (isStatic) { location.hash = s; }
    }
  }

  function setZoom(z) {
    if (ZOOMS.indexOf(z) < 0) { z = "day"; }
    ZOOMS.forEach(function (name) { root.classList.toggle("zoom-" + name, name === z); });
  }

  /* the rule of dateline.model.in_range: compare at the coarser of the two precisions */
  function inRange(value, since, until) {
    if (!value) { return !(since || until); }
    if (since && value.slice(0, since.length) < since.slice(0, value.length)) { return false; }
    if (until && value.slice(0, until.length) > until.slice(0, value.length)) { return false; }
    return true;
  }

  function listHas(list, value) {
    return list.split("|").indexOf(value) >= 0;
  }

  function matches(el, p) {
    var d = el.dataset;
    var words = (p.get("q") || "").toLowerCase().split(/\s+/).filter(Boolean);
    if (words.some(function (w) { return d.text.indexOf(w) < 0; })) { return false; }
    var entity = (p.get("entity") || "").toLowerCase().trim();
    if (entity && !listHas(d.names, entity)) { return false; }
    if (p.get("outlet") && !listHas(d.outlets, p.get("outlet"))) { return false; }
    if (p.get("type") && !listHas(d.types, p.get("type"))) { return false; }
    if (p.get("story") && d.story !== p.get("story")) { return false; }
    return inRange(d.date, p.get("since") || "", p.get("until") || "");
  }

  function applyFilters(p) {
    var n = 0;
    entries.forEach(function (el) {
      var ok = matches(el, p);
      el.hidden = !ok;
      if (ok) { n += 1; }
    });
    root.querySelectorAll(".week, .month").forEach(function (g) {
      g.hidden = !g.querySelector(".entry:not([hidden])");
    });
    if (shown) { shown.textContent = n + (n === 1 ? " date" : " dates"); }
  }

  function fillForm(p) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) { return; }
      if (el.type === "radio") {
        el.checked = el.value === (p.get(el.name) || "day");
      } else if (el.type !== "submit" && el.type !== "hidden") {
        el.value = p.get(el.name) || "";
      }
    });
  }

  function onStaticChange(ev) {
    if (ev) { ev.preventDefault(); }
    var p = formState();
    writeState(p);
    applyFilters(p);
    setZoom(p.get("zoom") || "day");
  }

  if (form) {
    form.addEventListener("change", function (ev) {
      var t = ev.target;
      if (t.name === "zoom") {
        setZoom(t.value);
        if (isStatic) { onStaticChange(); } else { writeState(formState()); }
      } else if (t.tagName === "SELECT") {
        if (isStatic) { onStaticChange(); } else { form.requestSubmit(); }
      }
    });
    if (isStatic) {
      form.addEventListener("submit", onStaticChange);
      var clear = form.querySelector(".clear");
      if (clear) {
        clear.addEventListener("click", function (ev) {
          ev.preventDefault();
          fillForm(new URLSearchParams());
          onStaticChange();
        });
      }
    }
  }

  if (isStatic) {
    var start = readState();
    if (form) { fillForm(start); }
    applyFilters(start);
    setZoom(start.get("zoom") || "day");
    window.addEventListener("hashchange", function () {
      var p = readState();
      if (form) { fillForm(p); }
      applyFilters(p);
      setZoom(p.get("zoom") || "day");
    });
  }

  function visibleEntries() {
    return entries.filter(function (e) { return !e.hidden && e.offsetParent !== null; });
  }

  function move(step) {
    var list = visibleEntries();
    if (!list.length) { return; }
    var current = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".entry") : null;
    var i = list.indexOf(current);
    var next = i < 0 ? list[0] : list[Math.max(0, Math.min(list.length - 1, i + step))];
    next.focus();
  }

  /* Served: the page asks the server every few seconds whether the store changed (a `dateline watch`
     or an upload added articles) and, when it did, swaps in the new timeline without a reload. */
  var live = document.getElementById("live");

  function swap(doc, id) {
    var old = document.getElementById(id);
    var fresh = doc.getElementById(id);
    if (old && fresh) { old.replaceWith(document.importNode(fresh, true)); }
  }

  function refresh(generation) {
    var url = location.pathname + location.search;
    return fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error("HTTP " + r.status)); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["timeline", "live-summary", "live-undated", "shown"].forEach(function (id) { swap(doc, id); });
        root = document.querySelector("[data-timeline]");
        shown = document.getElementById("shown");
        entries = Array.prototype.slice.call(root.querySelectorAll(".entry"));
        live.setAttribute("data-generation", generation);
        live.hidden = false;
        live.textContent = "Updated with the latest articles: " + entries.length +
          (entries.length === 1 ? " date." : " dates.");
      });
  }

  function checkLive() {
    fetch("/api/state", { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.generation && state.generation !== live.getAttribute("data-generation")) {
          return refresh(state.generation);
        }
      })
      .catch(function () { /* the server is away for a moment: ask again next time */ });
  }

  if (!isStatic && live && window.fetch && window.DOMParser) {
    setInterval(checkLive, (parseFloat(live.getAttribute("data-live")) || 5) * 1000);
  }

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.altKey || ev.ctrlKey || ev.metaKey) { return; }
    if (t && /^(INPUT|SELECT|TEXTAREA)$/.test(t.tagName)) { return; }
    if (ev.key === "j" || ev.key === "k") {
      ev.preventDefault();
      move(ev.key === "j" ? 1 : -1);
    } else if (ev.key === "Escape") {
      root.querySelectorAll("details[open]").forEach(function (d) { d.open = false; });
    } else if (ev.key === "Enter" && t && t.classList && t.classList.contains("entry")) {
      var summary = t.querySelector("details.line > summary");
      if (summary) {
        ev.preventDefault();
        summary.parentElement.open = true;
        summary.focus();
      }
    }
  });
}());
