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
  request.upload.addEventListener("progress", function (e) {
    if (!e.lengthComputable) return;
    bar.hidden = false;
    bar.value = Math.round((100 * e.loaded) / e.total);
  });
  request.addEventListener("load", function () {
    if (request.status < 400) {
      window.location.assign(request.responseURL);
    } else {
      document.open();
      document.write(request.responseText);
      document.close();
    }
  });
  request.send(new FormData(form));
});

// A refusal (4xx: a bad date, an unknown kind) carries a message for the user. htmx leaves
// replies other than 2xx unswapped, so it is put into the form's error region instead (made
// at the top of the form when it has none): the form stays as it was, with what was typed.
document.addEventListener("htmx:beforeSwap", function (event) {
  var detail = event.detail;
  var status = detail.xhr.status;
  if (status < 400 || status >= 500) return;
  var source = detail.requestConfig && detail.requestConfig.elt;
  var form = source && source.closest ? source.closest("form") : null;
  var region = document.getElementById("messages");
  if (form) {
    region = form.querySelector("[data-errors]");
    if (!region) {
      region = document.createElement("div");
      region.setAttribute("data-errors", "");
      region.className = "form-errors";
      form.insertBefore(region, form.firstChild);
    }
  }
  var text = detail.serverResponse || "";
  if (text.indexOf('<p class="error"') !== 0) {
    // Not one of our fragments (a proxy's or a limit's plain reply): shown as text.
    var paragraph = document.createElement("p");
    paragraph.className = "error";
    paragraph.setAttribute("role", "alert");
    paragraph.textContent = text.trim().slice(0, 300) || "The server refused this (" + status + ").";
    text = paragraph.outerHTML;
  }
  detail.serverResponse = text;
  detail.shouldSwap = true;
  detail.isError = false;
  detail.target = region;
  detail.swapOverride = "innerHTML";
  detail.selectOverride = undefined;
});
