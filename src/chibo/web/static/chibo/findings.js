// chibo editor, problems for people: each problem links to its field (opens the step,
// focuses and scrolls to it), the step buttons count lỗi and cảnh báo, a field only left
// empty is flagged once the user has left it, and the figures say when they are out of date.
// app.js calls chiboFindings.hidden(p) and sends "chibo:problems" and "chibo:status".
(function () {
  "use strict";
  const stateEl = document.getElementById("chibo-state");
  const form = document.getElementById("editor");
  if (!stateEl || !form) return;
  const state = JSON.parse(stateEl.textContent);
  const here = document.querySelector(".steps [aria-current=step]");
  const touchedKey = "chibo-touched-" + state.reportId;
  let touched;
  try {
    touched = new Set(JSON.parse(sessionStorage.getItem(touchedKey) || "[]"));
  } catch (e) {
    touched = new Set();
  }

  // A problem about an empty field waits until the user has been in that field and left it,
  // and is not shown while the field has a value the pending save has not yet checked: shown
  // on leaving the field, it pushed «Bước tiếp» away between mousedown and mouseup.
  function filled(path) {
    const field = form.querySelector('[data-path="' + CSS.escape(path) + '"]');
    return !!field && field.tagName !== "SELECT" && field.value.trim() !== "";
  }
  function hidden(p) {
    if (!p.empty) return false;
    return (!touched.has(p.path) && !(p.anchor && touched.has(p.anchor))) || filled(p.path);
  }
  form.addEventListener("focusout", (event) => {
    const field = event.target;
    if (!field.dataset || !field.dataset.path) return;
    const before = touched.size;
    touched.add(field.dataset.path);
    touched.add(field.id);
    if (touched.size === before) return;
    try {
      sessionStorage.setItem(touchedKey, JSON.stringify(Array.from(touched)));
    } catch (e) { /* storage full or off: still flagged on this page */ }
    document.dispatchEvent(new CustomEvent("chibo:reshow"));
  });

  // -- going to a field ------------------------------------------------------------------
  function go(anchor) {
    const target = anchor && document.getElementById(anchor);
    if (!target) return false;
    const details = target.closest("details");
    if (details) details.open = true;
    document.querySelectorAll(".field.targeted").forEach((f) => f.classList.remove("targeted"));
    const box = target.closest(".field") || target;
    box.classList.add("targeted");
    box.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    return true;
  }
  function fromHash() {
    if (location.hash.length > 1) go(decodeURIComponent(location.hash.slice(1)));
  }
  window.addEventListener("hashchange", fromHash);
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.problem-link");
    if (!link || link.pathname !== location.pathname || !link.hash) return;
    event.preventDefault(); // same step: no reload, and the same link works twice
    history.replaceState(null, "", link.hash);
    go(decodeURIComponent(link.hash.slice(1)));
  });

  // -- badges on the step buttons, and every problem of the other steps as links -------------
  function badgeText(errors, warnings) {
    const parts = [];
    if (errors) parts.push(errors + " lỗi");
    if (warnings) parts.push(warnings + " cảnh báo");
    return parts.join(", ");
  }
  function showBadges(problems) {
    const counts = {};
    for (const p of problems) {
      if (!p.step || hidden(p)) continue;
      counts[p.step] = counts[p.step] || [0, 0];
      counts[p.step][p.severity === "lỗi" ? 0 : 1] += 1;
    }
    document.querySelectorAll("[data-step-badges]").forEach((box) => {
      const [errors, warnings] = counts[box.dataset.stepBadges] || [0, 0];
      const error = box.querySelector(".badge-error");
      const warning = box.querySelector(".badge-warning");
      error.textContent = errors;
      error.hidden = !errors;
      warning.textContent = warnings;
      warning.hidden = !warnings;
      const text = badgeText(errors, warnings);
      box.querySelector("[data-badge-text]").textContent = text ? " (" + text + ")" : "";
    });
    // On a phone the step list is folded: its title carries the totals.
    const folded = document.querySelector(".steps details.step-list > summary");
    if (folded) {
      let total = folded.querySelector(".step-problems-total");
      if (!total) {
        total = document.createElement("span");
        total.className = "step-problems-total";
        folded.appendChild(total);
      }
      const sum = Object.values(counts).reduce((a, c) => [a[0] + c[0], a[1] + c[1]], [0, 0]);
      const text = badgeText(sum[0], sum[1]);
      total.textContent = text ? " (" + text + ")" : "";
    }
  }
  function stepLink(key) {
    const box = document.querySelector('[data-step-badges="' + CSS.escape(key) + '"]');
    return box ? box.closest("a") : null;
  }
  function link(p) {
    const a = document.createElement("a");
    const step = stepLink(p.step);
    a.className = "problem-link";
    a.href = (step ? step.getAttribute("href") : "") + (p.anchor ? "#" + p.anchor : "");
    a.textContent = p.message;
    return a;
  }
  function stepTitle(key) {
    const a = stepLink(key);
    if (!a) return "";
    return Array.from(a.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join("").trim();
  }
  function showElsewhere(problems) {
    const summary = document.getElementById("problem-summary");
    if (!summary) return;
    const mine = here && here.querySelector("[data-step-badges]");
    const current = mine ? mine.dataset.stepBadges : "";
    const others = problems.filter((p) => p.step && p.step !== current && !hidden(p));
    // One element kept and refilled: a click on it may come right after a field is left
    // (which shows the problems again), and must still open it.
    let details = document.getElementById("problems-elsewhere");
    if (!details) {
      details = document.createElement("details");
      details.id = "problems-elsewhere";
      details.appendChild(document.createElement("summary"));
      summary.after(details);
    }
    details.hidden = !others.length;
    details.querySelector("summary").textContent = "Xem các lỗi, cảnh báo ở các bước khác (" + others.length + ")";
    const old = details.querySelector("ul");
    if (old) old.remove();
    const list = document.createElement("ul");
    list.className = "problem-links";
    for (const p of others) {
      const li = document.createElement("li");
      li.appendChild(document.createTextNode(stepTitle(p.step) + ": "));
      li.appendChild(link(p));
      list.appendChild(li);
    }
    details.appendChild(list);
  }
  document.addEventListener("chibo:problems", (event) => {
    const problems = event.detail || [];
    showBadges(problems);
    showElsewhere(problems);
  });

  // -- figures out of date while a change is not saved -----------------------------------
  document.addEventListener("chibo:status", (event) => {
    const stale = event.detail.pending || event.detail.bad;
    document.querySelectorAll("[data-figures]").forEach((box) => {
      box.classList.toggle("stale", !!stale);
      let note = box.querySelector(".stale-note");
      if (stale && !note) {
        note = document.createElement("p");
        note.className = "stale-note";
        box.prepend(note);
      }
      if (note && !stale) note.remove();
      else if (note) {
        note.textContent = event.detail.bad
          ? "Số liệu dưới đây chưa tính lại: thay đổi mới chưa lưu được."
          : "Số liệu dưới đây chưa tính lại: đang chờ lưu thay đổi mới.";
      }
    });
  });

  window.chiboFindings = { hidden: hidden, go: go };
  // After app.js has put the problems beside their fields.
  window.addEventListener("load", fromHash);
})();
