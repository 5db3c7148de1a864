/* Site-wide behaviour, for every page. No inline scripts or event handlers in templates: the
   Content-Security-Policy allows scripts from this site only (see docs/dev/decisions.md).

   HTMX swaps refused forms (400) and conflicts (409) into place (see the
   htmx-config meta in base.html); other refusals (403, 404, 5xx) are not swapped, so their
   reason is shown here, in place: just above the form or button that sent the request. The
   reason is the page's [data-refusal] element (403.html, 404.html, …) or the API's
   {"error": {"message"}}; without one, the generic message for the status. */
(function () {
  function reasonOf(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    try {
      if (type.indexOf("application/json") === 0) {
        var body = JSON.parse(xhr.responseText);
        return body && body.error && body.error.message ? String(body.error.message) : "";
      }
      if (type.indexOf("text/html") === 0 && xhr.status < 500) {
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        var el = doc.querySelector("[data-refusal]");
        return el ? el.textContent.replace(/\s+/g, " ").trim() : "";
      }
    } catch (err) { /* an unreadable answer: fall back to the generic message */ }
    return "";
  }

  function genericFor(status) {
    var d = document.body.dataset;
    return status === 403 ? d.msg403 : status === 404 ? d.msg404 : d.msgError;
  }

  function showInPlace(text, elt) {
    var anchor = elt && elt.closest ? (elt.closest("form") || elt) : null;
    var alert = document.createElement("p");
    alert.className = "msg msg-error htmx-refusal";
    alert.setAttribute("role", "alert");
    alert.textContent = text;
    if (anchor && anchor.isConnected && anchor.parentNode) {
      var before = anchor.previousElementSibling;
      if (before && before.classList.contains("htmx-refusal")) before.remove();
      anchor.parentNode.insertBefore(alert, anchor);
    } else {
      var box = document.querySelector(".messages");
      if (!box) {
        box = document.createElement("div");
        box.className = "messages";
        document.getElementById("main").prepend(box);
      }
      box.appendChild(alert);
    }
    if (alert.scrollIntoView) alert.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:responseError", function (e) {
    var xhr = e.detail.xhr;
    showInPlace(reasonOf(xhr) || genericFor(xhr.status), e.detail.elt);
  });
  document.addEventListener("htmx:sendError", function (e) {
    showInPlace(genericFor(0), e.detail.elt);
  });
  /* A successful answer clears an earlier refusal shown above the same form. */
  document.addEventListener("htmx:afterRequest", function (e) {
    if (!e.detail.successful) return;
    var anchor = e.detail.elt && e.detail.elt.closest ? (e.detail.elt.closest("form") || e.detail.elt) : null;
    var before = anchor && anchor.previousElementSibling;
    if (before && before.classList.contains("htmx-refusal")) before.remove();
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
  /* <button data-clear="selector">: empty the closest element matching the selector (closes an
     inline form opened with HTMX). */
  document.addEventListener("click", function (e) {
    var button = e.target instanceof Element ? e.target.closest("[data-clear]") : null;
    var target = button ? button.closest(button.getAttribute("data-clear")) : null;
    if (target) { target.innerHTML = ""; }
  });
})();
