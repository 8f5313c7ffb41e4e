// goodwill's own script: copy a draft, show an upload's progress, open the menu on a phone,
// and show a refused form's message. Everything else is htmx.
document.documentElement.classList.add("js");

// Installable: the service worker keeps the app shell and the last Today for when the
// server cannot be reached (static/sw.js, served from / so that it may look after every page).
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("/sw.js");
}

document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".menu-toggle");
  if (!toggle) return;
  var open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", open ? "true" : "false");
  document.getElementById(toggle.getAttribute("aria-controls")).classList.toggle("open", open);
});
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) return;
  var field = document.getElementById(button.getAttribute("data-copy"));
  if (!field) return;
  var done = function () { button.textContent = "Copied"; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done);
  } else {
    field.select();
    document.execCommand("copy");
    done();
  }
});

document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.id !== "import-form" || !window.XMLHttpRequest) return;
  event.preventDefault();
  var bar = document.getElementById("upload-progress");
  var request = new XMLHttpRequest();
  request.open("POST", form.action);
  // As htmx would: a refusal comes back as its one-line message, shown in the form.
  request.setRequestHeader("HX-Request", "true");
  request.upload.addEventListener("progress", function (e) {
    if (!e.lengthComputable) return;
    bar.hidden = false;
    bar.value = Math.round((100 * e.loaded) / e.total);
  });
  request.addEventListener("load", function () {
    var redirect = request.getResponseHeader("HX-Redirect");
    if (redirect) {
      window.location.assign(redirect);
    } else if (request.status < 400) {
      window.location.assign(request.responseURL);
    } else if (request.status < 500) {
      bar.hidden = true;
      showRefusal(form, request.responseText, request.status);
    } else {
      document.open();
      document.write(request.responseText);
      document.close();
    }
  });
  request.send(new FormData(form));
});

// A refusal (4xx: a bad date, an unknown kind) carries a one-line message for the user,
// and names the field it concerns when the server knows it (data-field, the field's name in
// the form). The message goes beside that field (in place of a note the page has there about
// it), which is marked invalid and described by it; a message about no field of the form
// goes into the form's error region (made at the top of the form when it has none). The
// form stays as it was, with what was typed.
var fieldErrors = 0;

function clearErrors(form) {
  form.querySelectorAll(".field-error").forEach(function (old) { old.remove(); });
  form.querySelectorAll("[aria-invalid]").forEach(function (field) {
    field.removeAttribute("aria-invalid");
    var kept = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
      return id && id.indexOf("field-error-") !== 0;
    });
    if (kept.length) field.setAttribute("aria-describedby", kept.join(" "));
    else field.removeAttribute("aria-describedby");
  });
  form.querySelectorAll("[data-note-for][hidden]").forEach(function (note) { note.hidden = false; });
  var region = form.querySelector("[data-errors]");
  if (region) region.innerHTML = "";
}

function refusalParagraph(text, status) {
  var holder = document.createElement("div");
  if (text.indexOf('<p class="error"') === 0) {
    holder.innerHTML = text;
    var ours = holder.querySelector("p.error");
    if (ours) return ours;
  }
  // Not one of our fragments (a proxy's or a limit's plain reply): shown as text.
  var paragraph = document.createElement("p");
  paragraph.className = "error";
  paragraph.setAttribute("role", "alert");
  paragraph.textContent = text.trim().slice(0, 300) || "The server refused this (" + status + ").";
  return paragraph;
}

function showRefusal(form, text, status) {
  var paragraph = refusalParagraph(text, status);
  var name = paragraph.getAttribute("data-field");
  var field = null;
  if (name) {
    field = Array.prototype.find.call(form.elements, function (element) {
      return element.name === name && element.type !== "hidden";
    }) || null;
  }
  clearErrors(form);
  if (field) {
    fieldErrors += 1;
    paragraph.id = "field-error-" + fieldErrors;
    paragraph.classList.add("field-error");
    // A note that already speaks for the field (the ask guard's advice beside "Ask anyway")
    // gives its place to the refusal, which says the same: the message shows once.
    var note = form.querySelector('[data-note-for="' + name + '"]');
    if (note) {
      note.insertAdjacentElement("beforebegin", paragraph);
      note.hidden = true;
    } else {
      (field.closest("label") || field).insertAdjacentElement("afterend", paragraph);
    }
    field.setAttribute("aria-invalid", "true");
    var described = (field.getAttribute("aria-describedby") || "").trim();
    field.setAttribute("aria-describedby", (described ? described + " " : "") + paragraph.id);
    return;
  }
  var region = form.querySelector("[data-errors]");
  if (!region) {
    region = document.createElement("div");
    region.setAttribute("data-errors", "");
    region.className = "form-errors";
    form.insertBefore(region, form.firstChild);
  }
  region.appendChild(paragraph);
}

document.addEventListener("htmx:beforeSwap", function (event) {
  var detail = event.detail;
  var status = detail.xhr.status;
  if (status < 400 || status >= 500) return;
  var source = detail.requestConfig && detail.requestConfig.elt;
  var form = source && source.closest ? source.closest("form") : null;
  var text = detail.serverResponse || "";
  detail.isError = false;
  if (form) {
    showRefusal(form, text, status);
    detail.shouldSwap = false;
    return;
  }
  detail.serverResponse = refusalParagraph(text, status).outerHTML;
  detail.shouldSwap = true;
  detail.target = document.getElementById("messages");
  detail.swapOverride = "innerHTML";
  detail.selectOverride = undefined;
});
