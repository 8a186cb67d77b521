// Place names (đảng bộ, địa danh, địa bàn) suggested from the official list after the
// July 2025 reorganisation: the field's <datalist> is filled as the user types.
// Without this script the field is plain free text, as it is for names of earlier years.
(function () {
  "use strict";
  const DELAY = 150;
  document.querySelectorAll("input[data-suggest]").forEach((field) => {
    const list = document.getElementById(field.getAttribute("list"));
    if (!list || field.readOnly) return;
    let timer = null;
    let asked = "";
    async function fill() {
      const query = field.value.trim();
      if (query.length < 2 || query === asked) return;
      asked = query;
      const url = field.dataset.suggestUrl + "?loai=" + encodeURIComponent(field.dataset.suggest) +
        "&q=" + encodeURIComponent(query);
      try {
        const response = await fetch(url, { credentials: "same-origin" });
        if (!response.ok || query !== field.value.trim()) return;
        const body = await response.json();
        list.textContent = "";
        for (const s of body.suggestions) {
          const option = document.createElement("option");
          option.value = s.value;
          option.label = s.label;
          list.appendChild(option);
        }
      } catch (error) {
        asked = ""; // offline: suggestions come back with the connection; typing still works
      }
    }
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(fill, DELAY);
    });
    field.addEventListener("focus", fill);
  });
})();
