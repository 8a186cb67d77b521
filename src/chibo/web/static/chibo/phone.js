// On a phone the full step bar is folded under "Tất cả các bước": the compact bar
// ("Bước 2/7" with ← and →) is enough to move on. Without this script it stays open.
(function () {
  "use strict";
  const phone = window.matchMedia("(max-width: 600px)");
  document.querySelectorAll("details.step-list").forEach((list) => {
    const fit = () => { list.open = !phone.matches; };
    fit();
    phone.addEventListener("change", fit);
  });
})();
