/* The progress-report form on a weak connection (monitoring/report_form.html).

   - While typing, the form's values are kept in this browser (localStorage), under a key of the
     user, the period and the item, so a closed tab or a dropped connection loses nothing.
   - The form is sent with fetch. When the connection drops (fetch fails), the draft stays on this
     device and is sent again when the browser is back online (the "online" event, and a retry
     timer for flaky connections). Every send of a draft carries the same hidden client_key, so
     the server applies it once however often it arrives (services.report_send).
   - A save the server confirms (204 with X-Report-Saved) clears the stored draft; the page then
     opens the report. A refused or conflicting send (400, 409) shows the server's page in place
     and keeps the draft.
   - The reason for a manual % is shown once a manual % is typed.
   Without JavaScript the form is an ordinary form post. No inline script (CSP). */
(function () {
  "use strict";

  var RETRY_MS = [5000, 10000, 20000, 40000, 60000];

  function storage() {
    try { return window.localStorage; } catch (err) { return null; }
  }
  function readDraft(key) {
    var s = storage();
    if (!s) return null;
    try { return JSON.parse(s.getItem(key) || "null"); } catch (err) { return null; }
  }
  function writeDraft(key, draft) {
    var s = storage();
    if (!s) return false;
    try { s.setItem(key, JSON.stringify(draft)); return true; } catch (err) { return false; }
  }
  function dropDraft(key) {
    var s = storage();
    if (s) { try { s.removeItem(key); } catch (err) { /* nothing kept */ } }
  }
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID().replace(/-/g, "");
    var out = "";
    for (var i = 0; i < 32; i++) out += Math.floor(Math.random() * 16).toString(16);
    return out;
  }

  /* The values worth keeping: every named field but files, buttons and the CSRF token. */
  function valuesOf(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "file" || el.type === "submit" || el.type === "button") return;
      if (el.name === "csrfmiddlewaretoken") return;
      out[el.name] = el.value;
    });
    return out;
  }
  function fill(form, values) {
    Object.keys(values || {}).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el && el.type !== "file" && typeof el.value === "string") el.value = values[name];
    });
  }

  function init(form) {
    var key = form.getAttribute("data-draft-key");
    var status = form.querySelector("[data-draft-status]");
    var buttons = form.querySelectorAll("button[type=submit]");
    var pending = null;
    var attempt = 0;
    var timer = null;
    var msg = function (name) { return form.getAttribute("data-msg-" + name) || ""; };

    function say(state, text) {
      form.setAttribute("data-draft-state", state);
      if (!status) return;
      status.textContent = text;
      status.hidden = !text;
    }
    function busy(on) {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = on; });
    }
    /* Store the values; while a send waits for the connection, the draft stays marked unsent and
       the page keeps saying so. */
    function keep() {
      var ok = writeDraft(key, { values: valuesOf(form), pending: !!pending, at: Date.now() });
      if (ok && !pending) say("kept", msg("kept"));
    }

    /* the reason for a manual % appears once a manual % is typed */
    var manual = form.elements.namedItem("manual_percent");
    var reasonBox = form.querySelector("[data-show-when=manual_percent]");
    function toggleReason() {
      if (!manual || !reasonBox) return;
      var reason = reasonBox.querySelector("textarea");
      var show = manual.value.trim() !== "" || (reason && reason.value.trim() !== "") ||
        reasonBox.querySelector(".errorlist") !== null;
      reasonBox.hidden = !show;
    }

    var stored = readDraft(key);
    var unconfirmed = false;  /* a send of this draft may have arrived without us hearing back */
    if (form.getAttribute("data-bound") === "1") {
      keep();  /* the server shows what was sent (refused or in conflict): keep that */
    } else if (stored && stored.values) {
      fill(form, stored.values);
      unconfirmed = !!stored.pending;
      say("restored", stored.pending ? msg("unsent") : msg("restored"));
    }
    if (!form.elements.namedItem("client_key").value) form.elements.namedItem("client_key").value = newKey();
    toggleReason();

    /* A change after a send that did not get through is a new draft: it gets a new key, so that
       if the earlier send did reach the server, this one is not mistaken for it (the server then
       answers with a conflict showing both, and nothing is lost). */
    function edited() {
      if (pending || unconfirmed) {
        form.elements.namedItem("client_key").value = newKey();
        unconfirmed = false;
      }
    }
    var typing = null;
    form.addEventListener("input", function (e) {
      if (e.target && e.target.name === "manual_percent") toggleReason();
      edited();
      if (e.target && e.target.type === "file") return;
      clearTimeout(typing);
      typing = setTimeout(keep, 300);
    });
    form.addEventListener("change", function (e) {
      if (e.target && e.target.type !== "file") keep();
    });

    function retryLater() {
      clearTimeout(timer);
      var wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)];
      attempt += 1;
      timer = setTimeout(function () { if (pending && navigator.onLine !== false) send(pending.by); }, wait);
    }

    function swap(html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var fresh = doc.getElementById("main");
      var main = document.getElementById("main");
      if (!fresh || !main) { window.location.reload(); return; }
      main.replaceWith(document.importNode(fresh, true));
      if (doc.title) document.title = doc.title;
      var next = document.querySelector("form[data-report-draft]");
      if (next) init(next);
      var alert = document.querySelector("#main [role=alert], #main .errorlist");
      if (alert && alert.scrollIntoView) alert.scrollIntoView({ block: "center" });
    }

    /* Send the form as it is now, with the button that sent it ("save" or "submit"). */
    function send(by) {
      var data = new FormData(form);
      if (by && by.name) data.append(by.name, by.value);
      pending = { by: by };
      clearTimeout(timer);
      clearTimeout(typing);
      keep();
      say("sending", msg("sending"));
      busy(true);
      window.fetch(form.getAttribute("action") || window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "X-Report-Draft": "1" },
      }).then(function (response) {
        pending = null;
        attempt = 0;
        var saved = response.headers.get("X-Report-Saved");
        if (saved) {
          dropDraft(key);
          say("sent", msg("sent"));
          setTimeout(function () { window.location.assign(saved); }, 600);
          return null;
        }
        keep();
        return response.text().then(swap);
      }, function () {
        /* no answer: the connection dropped. The draft stays here and goes when it is back. */
        unconfirmed = true;
        busy(false);
        say("offline", msg("offline"));
        retryLater();
      });
    }

    form.addEventListener("submit", function (e) {
      if (!window.fetch || !window.FormData) return;  /* an ordinary form post */
      e.preventDefault();
      var by = e.submitter && e.submitter.name ? { name: e.submitter.name, value: e.submitter.value } : null;
      attempt = 0;
      send(by);
    });
    window.addEventListener("online", function () {
      if (pending && form.isConnected) send(pending.by);
    });
    /* back to this page from the browser's cache after a confirmed save: a new draft, a new key */
    window.addEventListener("pageshow", function (e) {
      if (e.persisted && !readDraft(key)) {
        form.elements.namedItem("client_key").value = newKey();
        busy(false);
        say("", "");
      }
    });
  }

  document.querySelectorAll("form[data-report-draft]").forEach(init);
})();
