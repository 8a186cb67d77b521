// A remark or answer being written survives a send that did not arrive (the session
// expired, the connection dropped, the tab closed): its text is kept in this browser,
// per user, report and form, and put back in its form until the page shows it sent.
// The keys start like app.js's pending edits, so signing out clears them too.
(function () {
  "use strict";
  const logout = document.getElementById("logout");
  const user = logout ? logout.dataset.user : "";
  if (!user) return;
  const squeeze = (text) => (text || "").replace(/\s+/g, " ").trim();
  const shown = new Set(Array.from(document.querySelectorAll(".remark-text")).map((el) => squeeze(el.textContent)));
  document.querySelectorAll('form[action*="/gop-y/"]').forEach((form) => {
    const area = form.querySelector('textarea[name="text"]');
    if (!area) return;
    const parent = form.querySelector('input[name="parent"]');
    const key = "chibo-pending-" + user + "-remark-" + new URL(form.action, window.location.href).pathname +
      "-" + (parent ? parent.value : "new");
    const kept = JSON.parse(localStorage.getItem(key) || "null");
    if (kept && kept.text) {
      if (shown.has(squeeze(kept.text))) {
        localStorage.removeItem(key); // it arrived
      } else if (!area.value) {
        area.value = kept.text;
        const step = form.querySelector('select[name="step"]');
        if (step && kept.step !== undefined) step.value = kept.step;
        const details = form.closest("details");
        if (details) details.open = true;
        const note = document.createElement("p");
        note.className = "note remark-kept";
        note.textContent = "Góp ý chưa gửi được lần trước đã được giữ lại trên máy này: hãy bấm gửi lại.";
        area.insertAdjacentElement("afterend", note);
      }
    }
    const keep = () => {
      const step = form.querySelector('select[name="step"]');
      if (area.value.trim()) localStorage.setItem(key, JSON.stringify({ text: area.value, step: step ? step.value : undefined }));
      else localStorage.removeItem(key);
    };
    area.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", keep);
  });
})();
