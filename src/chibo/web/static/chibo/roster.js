// The member table (roster.py): add and remove members and their dated events.
// Each cell is an ordinary editor field (data-path "members.roster[3].name"), so app.js
// saves it like any other. A removed row is emptied (the server drops empty rows, and
// the rows after it move up one), then the page is reloaded so every path is right again.
(function () {
  "use strict";
  const box = document.getElementById("roster");
  const form = document.getElementById("editor");
  if (!box || !form) return;
  const table = box.querySelector("table");
  const addButton = box.querySelector("[data-roster-add]");
  const blank = document.getElementById("roster-blank");
  const blankEvent = document.getElementById("roster-blank-event");
  const counted = box.dataset.counted === "1";
  const reportId = box.dataset.report;
  let reloadWhenSaved = false;

  // A copy of a blank row with its placeholders replaced by real indexes.
  function copy(template, values) {
    const part = template.content.firstElementChild.cloneNode(true);
    const nodes = [part, ...part.querySelectorAll("*")];
    nodes.forEach((node) => {
      Array.from(node.attributes).forEach((attr) => {
        let value = attr.value;
        for (const [key, index] of Object.entries(values)) value = value.split(key).join(String(index));
        if (value !== attr.value) node.setAttribute(attr.name, value);
      });
    });
    part.classList.add("new");
    return part;
  }
  // Only one unsaved new row at a time: the server takes a row just after the last it has.
  function refresh() {
    if (addButton) addButton.disabled = !!table.querySelector("tbody.member.new");
    table.querySelectorAll("tbody.member").forEach((row) => {
      const add = row.querySelector("[data-event-add]");
      if (add) add.disabled = row.classList.contains("new") || !!row.querySelector(".event.new");
    });
    const empty = box.querySelector(".roster-empty");
    if (empty) empty.hidden = !!table.querySelector("tbody.member");
  }
  function pendingHere() {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i) || "";
      if (key.startsWith("chibo-pending-") && key.endsWith("-" + reportId)) return true;
    }
    return false;
  }
  // Empty every field of a member or an event: app.js sends them as cleared.
  function clear(part) {
    part.querySelectorAll("[data-path]").forEach((el) => {
      el.value = "";
      el.dispatchEvent(new Event("change", { bubbles: true }));
    });
    part.hidden = true;
    reloadWhenSaved = true;
    // The rows after it move up on the server: nothing more is typed at the old places.
    table.inert = true;
    if (addButton) addButton.disabled = true;
  }

  box.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button || !box.contains(button)) return;
    if (button.matches("[data-roster-add]")) {
      const row = copy(blank, { __i__: table.querySelectorAll("tbody.member").length });
      table.appendChild(row);
      refresh();
      const first = row.querySelector("[data-path]");
      if (first) first.focus();
    } else if (button.matches("[data-event-add]")) {
      const row = button.closest("tbody.member");
      const list = row.querySelector(".event-list");
      const line = copy(blankEvent, { __i__: row.dataset.row, __j__: list.querySelectorAll(".event").length });
      list.appendChild(line);
      refresh();
      const first = line.querySelector("[data-path]");
      if (first) first.focus();
    } else if (button.matches("[data-roster-remove]")) {
      const row = button.closest("tbody.member");
      const name = (row.querySelector("[data-path$='.name']") || {}).value || "";
      if (!window.confirm("Xóa đảng viên " + (name ? "«" + name + "» " : "") + "khỏi danh sách?")) return;
      if (row.classList.contains("new") && !row.dataset.touched) row.remove();
      else clear(row);
      refresh();
    } else if (button.matches("[data-event-remove]")) {
      const line = button.closest(".event");
      if (line.classList.contains("new") && !line.dataset.touched) line.remove();
      else clear(line);
      refresh();
    }
  });
  box.addEventListener("input", (event) => {
    const part = event.target.closest(".new");
    if (part) part.dataset.touched = "1";
  });
  box.addEventListener("change", (event) => {
    const part = event.target.closest(".new");
    if (part) part.dataset.touched = "1";
  });

  // The counts of section I, computed by the server from the list, shown read-only in place
  // of the typed ones: "members.start_of_year", "members.education.master".
  function showComputed(computed) {
    form.querySelectorAll("input[name^='members.']").forEach((input) => {
      if (box.contains(input)) return;
      const [, group, name] = input.name.split(".");
      // no complete member yet: nothing computed, and nothing typed is kept either
      const value = !computed ? null : name === undefined ? computed[group] : (computed[group] || {})[name];
      if (value === undefined) return;
      input.removeAttribute("data-path"); // no longer typed, so never saved from here
      input.readOnly = true;
      input.value = value === null ? "" : String(value);
    });
    if (!counted && !box.dataset.noted) {
      box.dataset.noted = "1";
      const note = document.createElement("p");
      note.className = "note";
      note.textContent = "Các số bên dưới được tính từ danh sách đảng viên.";
      box.appendChild(note);
    }
  }

  form.addEventListener("chibo:saved", (event) => {
    // A new row typed into is on the server now: another may be added after it.
    box.querySelectorAll(".new[data-touched]").forEach((part) => part.classList.remove("new"));
    refresh();
    const members = (event.detail.figures || {}).members || {};
    const computed = members.computed || null;
    // A row removed (the rows after it moved up, or the list is empty and the counts are
    // typed again): show the page as the server now has it, once nothing is left to send.
    if (reloadWhenSaved && !pendingHere()) {
      window.location.reload();
      return;
    }
    // The server drops typed counts once the list has a row (roster.drop_typed_counts).
    if (computed || table.querySelector("tbody.member:not(.new)")) showComputed(computed);
  });
  refresh();
})();
