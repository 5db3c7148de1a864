/* Page behaviour shared by every page. No inline scripts or event handlers in templates: the
   Content-Security-Policy allows scripts from this site only (see docs/dev/decisions.md). */
(function () {
  /* HTMX answers that are not swapped (403, 404, 5xx) still tell the user what happened. */
  document.addEventListener("htmx:responseError", function (e) {
    var status = e.detail.xhr.status, d = document.body.dataset;
    var text = status === 403 ? d.msg403 : status === 404 ? d.msg404 : d.msgError;
    var box = document.querySelector(".messages");
    if (!box) { box = document.createElement("div"); box.className = "messages"; box.setAttribute("role", "alert"); document.getElementById("main").prepend(box); }
    var p = document.createElement("p"); p.className = "msg msg-error"; p.textContent = text; box.appendChild(p);
  });
  /* <select data-autosubmit>: choosing an option submits its form (language, plan version). */
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) { el.form.submit(); }
  });
  /* <form data-confirm="question">: ask before submitting (hx-confirm does this for HTMX requests). */
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !form.hasAttribute("hx-confirm") && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
    }
  });
})();
