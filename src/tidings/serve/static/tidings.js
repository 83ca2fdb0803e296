// Tidings pages: layer toggles and the explanation popover. No HTML is ever built from strings:
// explanations are server-rendered (escaped) and cloned from hidden nodes.
"use strict";
(function () {
  var text = document.getElementById("text");
  var popover = document.getElementById("popover");
  var opener = null;

  // layer toggles: a class on the text per hidden layer
  document.querySelectorAll("#layer-toggles input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      if (text) text.classList.toggle("hide-" + box.dataset.layer, !box.checked);
    });
  });

  function closePopover() {
    if (!popover || popover.hidden) return;
    popover.hidden = true;
    if (opener) opener.focus();
    opener = null;
  }

  function openPopover(el) {
    if (!popover) return;
    var keys = (el.dataset.ann || "").split(" ").filter(Boolean);
    var body = popover.querySelector(".popover-body");
    body.replaceChildren();
    keys.forEach(function (k) {
      if (!/^a\d+$/.test(k)) return;
      var src = document.getElementById("ann-" + k);
      if (!src) return;
      var layer = (src.className.match(/ann-(\w+)/) || [])[1];
      if (layer && text && text.classList.contains("hide-" + layer)) return;
      var copy = src.cloneNode(true);
      copy.removeAttribute("id");
      body.appendChild(copy);
    });
    if (!body.childElementCount) return;
    var r = el.getBoundingClientRect();
    popover.hidden = false;
    var width = popover.offsetWidth;
    var left = Math.max(8, Math.min(window.scrollX + r.left, window.scrollX + document.documentElement.clientWidth - width - 8));
    popover.style.left = left + "px";
    popover.style.top = (window.scrollY + r.bottom + 6) + "px";
    opener = el;
    popover.querySelector("#popover-title").focus();
  }

  if (text) {
    text.addEventListener("click", function (ev) {
      var el = ev.target.closest("[data-ann]");
      if (el) { ev.preventDefault(); openPopover(el); }
    });
    text.addEventListener("keydown", function (ev) {
      var el = ev.target.closest("[data-ann]");
      if (el && el.classList.contains("seg") && (ev.key === "Enter" || ev.key === " ")) {
        ev.preventDefault();
        openPopover(el);
      }
    });
  }
  if (popover) {
    popover.querySelector(".close").addEventListener("click", closePopover);
    document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") closePopover(); });
    document.addEventListener("click", function (ev) {
      if (!popover.hidden && !popover.contains(ev.target) && !(text && text.contains(ev.target))) closePopover();
    });
  }

  // the analyse form: say that it is working (analysis takes a few seconds)
  var form = document.querySelector("form.analyze");
  if (form) {
    form.addEventListener("submit", function () {
      var button = document.getElementById("analyze-button");
      var status = form.querySelector(".busy");
      if (button) button.disabled = true;
      if (status) status.textContent = "Analysing…";
    });
  }
})();
