// Paragraphs copied from last year's report: each is marked "cần xem lại" until it is
// edited or kept. «Giữ nguyên» sends the paragraph as it is through app.js's autosave
// (a change event); the server clears the mark for any paragraph a save sends.
(function () {
  "use strict";
  const form = document.getElementById("editor");
  const count = document.getElementById("carried-count");
  if (!form) return;

  function reviewed(path) {
    const mark = form.querySelector('[data-carried-for="' + CSS.escape(path) + '"]');
    if (!mark) return;
    mark.remove();
    if (!count) return;
    const left = Math.max(0, parseInt(count.textContent, 10) - 1);
    count.textContent = String(left);
    if (!left) count.parentElement.textContent = "Đã xem lại mọi đoạn chép từ năm trước.";
  }

  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-keep]");
    if (!button) return;
    const field = form.querySelector('[data-path="' + CSS.escape(button.dataset.keep) + '"]');
    if (!field) return;
    field.dispatchEvent(new Event("change", { bubbles: true }));
    reviewed(button.dataset.keep);
    field.focus();
  });
  form.addEventListener("input", (event) => {
    const path = event.target.dataset && event.target.dataset.path;
    if (path) reviewed(path);
  });
})();
