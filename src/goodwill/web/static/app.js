// goodwill's own script: copy a draft, and show an upload's progress. Everything else is htmx.
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
