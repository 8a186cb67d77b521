// chibo editor: autosave within seconds, figures and problems as you type,
// nothing lost when the tab closes or the network drops, conflicts shown, not overwritten.
// Loaded on every page: unsaved edits kept in this browser belong to the signed-in user
// (keyed by user and report) and are cleared when that user signs out.
(function () {
  "use strict";
  const logout = document.getElementById("logout");
  const userId = logout ? logout.dataset.user : "";
  const PREFIX = "chibo-pending-";
  const mine = PREFIX + userId + "-";
  function storedKeys(test) {
    const keys = [];
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i);
      if (key && test(key)) keys.push(key);
    }
    return keys;
  }
  // Keys of the old form (report only) cannot be told apart by user: never replay them.
  storedKeys((key) => /^chibo-pending-\d+$/.test(key)).forEach((key) => localStorage.removeItem(key));

  let editor = null; // set below on an editor page: {flush, forget}
  if (logout && userId) {
    logout.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (editor) await editor.flush();
      const left = storedKeys((key) => key.startsWith(mine)).length;
      if (left && !window.confirm(
        "Còn thay đổi chưa lưu được lên máy chủ (mất kết nối?). Đăng xuất sẽ xóa chúng khỏi máy này. Vẫn đăng xuất?")) {
        return;
      }
      // On a shared computer the next person must not replay (and save under their name) these edits.
      storedKeys((key) => key.startsWith(mine)).forEach((key) => localStorage.removeItem(key));
      if (editor) editor.forget();
      logout.submit();
    });
  }

  const stateEl = document.getElementById("chibo-state");
  const form = document.getElementById("editor");
  if (!stateEl || !form || !userId) return;
  const state = JSON.parse(stateEl.textContent);
  // Saving is automatic: Enter in a field must not submit the form (a GET with the data in the URL).
  form.addEventListener("submit", (event) => event.preventDefault());
  let writable = form.dataset.writable === "1";
  const statusEl = document.getElementById("save-status");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  const storageKey = mine + state.reportId;
  const DELAY = 1200;
  let version = state.version;
  let pending = null; // {base, changes: {path: value}}
  let timer = null;
  let saving = false;
  let conflict = null; // the server's 409 answer while the dialog is open
  let lastProblems = state.problems;
  const refused = {}; // path -> why the server refused it, shown beside the field until it is edited

  function setStatus(text, bad) {
    statusEl.textContent = text;
    statusEl.classList.toggle("bad", !!bad);
    // findings.js: the figures beside the fields are out of date while a change waits
    const waiting = !!(pending && Object.keys(pending.changes).length);
    document.dispatchEvent(new CustomEvent("chibo:status", { detail: { pending: waiting, bad: !!bad } }));
  }
  function store() {
    if (pending && Object.keys(pending.changes).length) localStorage.setItem(storageKey, JSON.stringify(pending));
    else localStorage.removeItem(storageKey);
  }
  function input(path) {
    return form.querySelector('[data-path="' + CSS.escape(path) + '"]');
  }
  function queue(path, value) {
    if (!writable) return;
    delete refused[path];
    if (!pending) pending = { base: version, changes: {} };
    pending.changes[path] = value;
    store();
    setStatus("Chưa lưu…");
    clearTimeout(timer);
    timer = setTimeout(save, DELAY);
  }

  // "saved", "conflict", "refused", "offline" or "idle"
  async function save(force) {
    if (!pending || saving) return "idle";
    saving = true;
    let outcome = "saved";
    const sending = { base: pending.base, changes: Object.assign({}, pending.changes) };
    setStatus("Đang lưu…");
    try {
      const response = await fetch(state.saveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({ base_version: sending.base, changes: sending.changes, force: !!force }),
      });
      if (response.status === 401) {
        sessionExpired(await response.json().catch(() => ({})));
        return "expired";
      }
      if (response.status === 409) {
        const body = await response.json();
        saving = false;
        if (body.frozen) {
          freeze(body.error);
          return "frozen";
        }
        showConflict(body);
        return "conflict";
      }
      if (response.status >= 400 && response.status < 500) {
        const body = await response.json().catch(() => ({}));
        outcome = "refused";
        // Send the rest again at once if the refused field could be set aside; else wait for an edit.
        if (!refuse(response.status, body, sending.changes)) return outcome;
      } else {
        if (!response.ok) throw new Error("HTTP " + response.status);
        const body = await response.json();
        for (const [path, value] of Object.entries(sending.changes)) {
          if (pending && pending.changes[path] === value) delete pending.changes[path];
        }
        version = body.version;
        if (pending) pending.base = version;
        if (pending && !Object.keys(pending.changes).length) pending = null;
        store();
        setStatus("Đã lưu lúc " + body.saved_at + " (phiên bản " + version + ")");
        lastProblems = body.problems;
        showProblems(body.problems);
        showFigures(body.figures);
        // roster.js renumbers and refreshes its table from what the server now holds
        form.dispatchEvent(new CustomEvent("chibo:saved", { detail: body }));
      }
    } catch (error) {
      setStatus("Mất kết nối: thay đổi mới nhất chưa được lưu lên máy chủ (đã giữ trên máy này). Đang thử lại…", true);
      clearTimeout(timer);
      timer = setTimeout(save, 5000);
      return "offline";
    } finally {
      saving = false;
    }
    if (pending && Object.keys(pending.changes).length) {
      clearTimeout(timer);
      timer = setTimeout(save, outcome === "refused" ? 0 : DELAY);
    }
    return outcome;
  }

  // The server changed nothing. Drop the field it names (the rest is sent again), keep its
  // reason beside that field; with no field named, keep everything and say why.
  function refuse(status, body, sent) {
    const message = body.error || "Không lưu được.";
    let path = body.path;
    if (!path && status === 413) {
      path = Object.keys(sent).reduce((a, b) => (String(sent[a] || "").length >= String(sent[b] || "").length ? a : b), "");
    }
    if (path && pending && path in pending.changes) {
      delete pending.changes[path];
      if (!Object.keys(pending.changes).length) pending = null;
      store();
      refused[path] = message;
      showProblems(lastProblems);
      setStatus("Không lưu được một ô: " + message, true);
      return true;
    }
    setStatus(message, true);
    return false;
  }

  // The report was submitted (in another tab, or by the same secretary elsewhere): nothing
  // more can be saved. The edits not saved stay in this browser, and are offered again if
  // the office returns the report.
  function freeze(message) {
    writable = false;
    clearTimeout(timer);
    form.querySelectorAll("[data-path]").forEach((el) => {
      if (el.tagName === "SELECT") el.disabled = true;
      else el.readOnly = true;
    });
    const left = pending ? Object.keys(pending.changes).length : 0;
    setStatus(message + (left ? " " + left + " thay đổi chưa lưu được giữ trên máy này." : ""), true);
  }

  // -- the session expired: say so once, keep the edits here, send them after sign-in --------
  let expired = false;
  // The cookie's token, read at each save: signing in again (in another tab) rotates it,
  // and this page's copy in the form would then be refused.
  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : csrf;
  }
  function sessionExpired(body) {
    expired = true;
    clearTimeout(timer);
    const next = window.location.pathname + window.location.search;
    const link = document.createElement("a");
    link.href = (body.login || "/dang-nhap/") + "?next=" + encodeURIComponent(next);
    link.textContent = "đăng nhập lại";
    link.id = "sign-in-again";
    statusEl.textContent = "";
    statusEl.append("Phiên đăng nhập đã hết — ", link, ", dữ liệu vẫn được giữ trên máy này.");
    statusEl.classList.add("bad");
  }

  // -- conflicts: both versions shown, the user decides --------------------------
  const dialog = document.getElementById("conflict");
  function show(value) {
    if (value === null || value === undefined || value === "") return "(trống)";
    if (Array.isArray(value)) return value.join("\n");
    return String(value);
  }
  function showConflict(body) {
    conflict = body;
    document.getElementById("conflict-who").textContent =
      (body.updated_by || "Người khác") + " đã lưu phiên bản " + body.version + " lúc " + body.updated_at +
      ". Các mục dưới đây khác với bản của bạn; chưa có gì bị ghi đè.";
    const rows = document.getElementById("conflict-rows");
    rows.textContent = "";
    for (const f of body.fields) {
      const tr = document.createElement("tr");
      for (const text of [f.label, show(f.theirs), show(f.mine)]) {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      }
      rows.appendChild(tr);
    }
    setStatus("Có xung đột: hãy chọn bản giữ lại.", true);
    if (dialog.showModal) dialog.showModal();
    else dialog.setAttribute("open", "");
  }
  document.getElementById("conflict-mine").addEventListener("click", () => {
    conflict = null;
    dialog.close();
    save(true); // every pending edit, the clashing ones over theirs
  });
  // Theirs wins for the clashing fields only: the user's other edits are still saved,
  // on top of the version the dialog showed, then the page shows the merged report.
  document.getElementById("conflict-theirs").addEventListener("click", async () => {
    const body = conflict;
    conflict = null;
    dialog.close();
    if (!body) return;
    for (const f of body.fields) {
      const el = input(f.path);
      if (el) el.value = Array.isArray(f.theirs) ? f.theirs.join("\n") : f.theirs === null || f.theirs === undefined ? "" : String(f.theirs);
      if (pending) delete pending.changes[f.path];
    }
    if (pending) {
      pending.base = body.version;
      if (!Object.keys(pending.changes).length) pending = null;
    }
    store();
    if (pending) {
      clearTimeout(timer);
      setStatus("Đang lưu các thay đổi khác của bạn…");
      if ((await save()) !== "saved" || pending) return; // a new clash or no connection: kept, and said so
    }
    window.location.reload();
  });

  // -- problems beside their fields ------------------------------------------------
  function showProblems(all) {
    all = (all || []).concat(
      Object.entries(refused).map(([path, message]) => ({ path: path, severity: "lỗi", message: "Chưa lưu: " + message }))
    );
    // findings.js: a field only left empty is flagged once the user has left it
    const problems = all.filter((p) => !(window.chiboFindings && window.chiboFindings.hidden(p)));
    form.querySelectorAll(".problem").forEach((el) => {
      el.textContent = "";
      el.classList.remove("shown", "warning");
    });
    const here = [];
    const elsewhere = { "lỗi": 0, "cảnh báo": 0 };
    for (const p of problems || []) {
      let target = form.querySelector('[data-problem-for="' + CSS.escape(p.path) + '"]');
      if (!target && p.path) {
        target = Array.from(form.querySelectorAll("[data-problem-for]")).find(
          (el) => el.dataset.problemFor.startsWith(p.path + ".") || el.dataset.problemFor.startsWith(p.path + "[") ||
            p.path.startsWith(el.dataset.problemFor + ".") || p.path.startsWith(el.dataset.problemFor + "[")
        );
      }
      if (target) {
        target.textContent = (target.textContent ? target.textContent + " " : "") + p.message;
        target.classList.add("shown");
        if (p.severity !== "lỗi") target.classList.add("warning");
        here.push(p);
      } else {
        elsewhere[p.severity] = (elsewhere[p.severity] || 0) + 1;
      }
    }
    const summary = document.getElementById("problem-summary");
    const errorsHere = here.filter((p) => p.severity === "lỗi").length;
    const parts = [];
    if (errorsHere) parts.push(errorsHere + " lỗi ở bước này (ghi ngay dưới từng ô)");
    if (elsewhere["lỗi"]) parts.push(elsewhere["lỗi"] + " lỗi ở các bước khác");
    if (elsewhere["cảnh báo"]) parts.push(elsewhere["cảnh báo"] + " cảnh báo ở các bước khác");
    summary.textContent = parts.length ? parts.join("; ") + "." : "Bước này không có lỗi.";
    summary.classList.toggle("bad", errorsHere > 0);
    document.dispatchEvent(new CustomEvent("chibo:problems", { detail: all }));
  }
  document.addEventListener("chibo:reshow", () => showProblems(lastProblems));

  // -- figures computed from what is typed -------------------------------------------
  function el(tag, text, cls) {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }
  function table(head, rows) {
    const t = el("table", undefined, "list small");
    const tr = el("tr");
    head.forEach((h) => tr.appendChild(el("th", h)));
    t.appendChild(el("thead")).appendChild(tr);
    const body = t.appendChild(el("tbody"));
    rows.forEach((r) => {
      const row = el("tr");
      r.forEach((c) => row.appendChild(el("td", c === null || c === undefined ? "" : String(c))));
      body.appendChild(row);
    });
    return t;
  }
  function showFigures(f) {
    form.querySelectorAll("[data-figures]").forEach((box) => {
      box.textContent = "";
      if (!f) return;
      const kind = box.dataset.figures;
      if (kind === "members" && f.members) {
        const m = f.members;
        if (m.expected_end !== null && m.expected_end !== undefined)
          box.appendChild(el("p", "Theo biến động, số đảng viên cuối năm là " + m.expected_end +
            (m.end_of_year !== null && m.end_of_year !== undefined ? "; đang nhập " + m.end_of_year + "." : ".")));
        if (m.official_plus_probationary !== null && m.official_plus_probationary !== undefined)
          box.appendChild(el("p", "Chính thức + dự bị = " + m.official_plus_probationary + "."));
        if (m.women_pct) box.appendChild(el("p", "Tỷ lệ nữ: " + m.women_pct + "."));
      } else if (kind === "students" && f.students) {
        f.students.dimensions.forEach((d) => {
          box.appendChild(el("p", d.label + ": tổng các mức " + d.total + " / " + d.assessed + " học sinh được đánh giá."));
          const head = ["Mức", "Số HS", "Tỷ lệ"];
          const cols = [(r) => r.label, (r) => r.count, (r) => r.percent];
          if (d.rows.some((r) => r.change)) { head.push("So với năm trước"); cols.push((r) => r.change); }
          if (d.rows.some((r) => r.gap)) { head.push("So với mặt bằng"); cols.push((r) => r.gap); }
          box.appendChild(table(head, d.rows.map((r) => cols.map((c) => c(r)))));
        });
      } else if (kind === "qualities" && f.students && f.students.qualities.length) {
        // each phẩm chất, năng lực: its levels as typed, and whether they add up to the pupils assessed
        const head = ["Phẩm chất, năng lực"].concat(f.students.qualities[0].rows.map((r) => r.label), ["Tổng / số HS"]);
        box.appendChild(table(head, f.students.qualities.map((q) =>
          [q.label].concat(q.rows.map((r) => r.count + (r.percent ? " (" + r.percent + ")" : "")),  // no rate for a level not typed
            [q.total + " / " + q.assessed]))));
      } else if (kind === "classification" && f.classification) {
        const c = f.classification;
        box.appendChild(el("p", "Đã xếp loại " + c.rated + ", không xếp loại " + c.not_rated +
          (c.members !== null && c.members !== undefined ? ", chi bộ có " + c.members + " đảng viên." : ".")));
        box.appendChild(table(["Mức", "Số đảng viên", "Tỷ lệ"], c.rows.map((r) => [r.label, r.count, r.percent])));
      } else if (kind === "targets" && f.targets && f.targets.length) {
        box.appendChild(table(["Chỉ tiêu", "Đề ra", "Đánh giá"], f.targets.map((t) =>
          [t.label, t.target, t.achieved === true ? "Đạt" : t.achieved === false ? "Chưa đạt" : "Chưa có số liệu"])));
      }
    });
  }

  // -- wiring -------------------------------------------------------------------------
  form.addEventListener("input", (e) => {
    if (e.target.dataset && e.target.dataset.path) queue(e.target.dataset.path, e.target.value);
  });
  form.addEventListener("change", (e) => {
    if (e.target.dataset && e.target.dataset.path) queue(e.target.dataset.path, e.target.value);
  });
  window.addEventListener("beforeunload", (e) => {
    // After the session expired the edits wait in this browser for the sign-in: no prompt.
    if (pending && Object.keys(pending.changes).length && !expired && !leaving) {
      save();
      e.preventDefault();
      e.returnValue = "";
    }
  });
  // -- moving to another page ("Bước tiếp", a step, a link): pending edits are saved first,
  // so the browser's "Leave site?" prompt never appears. What cannot be sent (offline) is
  // kept in this browser and sent from the next editor page.
  let leaving = false;
  document.addEventListener("click", async (event) => {
    const link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey || link.target || link.hasAttribute("download")) return;
    if (!pending || !Object.keys(pending.changes).length || conflict || expired || !editor) return;
    // A link within this page (a problem's field, a heading) does not leave it.
    if (link.origin === location.origin && link.pathname === location.pathname && link.search === location.search) return;
    event.preventDefault();
    await editor.flush();
    leaving = !!localStorage.getItem(storageKey) || !pending; // saved, or safe on this machine
    window.location.href = link.href;
  });
  window.addEventListener("online", () => save());
  window.addEventListener("offline", () => {
    if (pending) setStatus("Mất kết nối: thay đổi được giữ trên máy này và sẽ lưu khi có mạng.", true);
  });

  // What was typed before this script ran (a slow phone, a page still loading) is a change too.
  if (writable) form.querySelectorAll("[data-path]").forEach((field) => {
    const initial = field.tagName === "SELECT"
      ? (Array.from(field.options).find((o) => o.defaultSelected) || field.options[0] || { value: "" }).value
      : field.defaultValue;
    if (field.value !== initial) queue(field.dataset.path, field.value);
  });

  // Changes left from a closed tab or a lost connection: put them back and save them.
  const left = JSON.parse(localStorage.getItem(storageKey) || "null");
  // A read-only page (submitted, approved, or not this user's to write) replays nothing.
  if (writable && left && left.changes && Object.keys(left.changes).length) {
    pending = left;
    for (const [path, value] of Object.entries(left.changes)) {
      const target = input(path);
      if (target) target.value = value;
    }
    setStatus("Có " + Object.keys(left.changes).length + " thay đổi chưa lưu từ lần trước; đang lưu…");
    save();
  }
  showProblems(state.problems);
  showFigures(state.figures);

  form.dataset.ready = "1"; // for tests: the fields are wired
  editor = {
    // Try once to save what is pending (before signing out); give up after a few seconds.
    flush: async () => {
      if (!pending || !Object.keys(pending.changes).length || conflict) return;
      clearTimeout(timer);
      await Promise.race([save(), new Promise((resolve) => setTimeout(resolve, 4000))]);
      clearTimeout(timer);
    },
    forget: () => {
      clearTimeout(timer);
      pending = null; // nothing left to warn about when the page goes
    },
  };
})();
